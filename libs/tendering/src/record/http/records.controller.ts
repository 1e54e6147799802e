import { Controller, Get } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, AuthUser, CurrentUser, Role, Roles } from '@buendel/auth';
import { UuidParam } from '@buendel/http';
import { OcdsService } from '../../ocds/ocds.service';
import { TenderRecordService } from '../tender-record.service';

/** What the procedure leaves on record: the Vergabevermerk for its coordinator, the OCDS release for everyone. */
@ApiTags('tenders')
@Controller()
export class RecordsController {
  constructor(
    private readonly records: TenderRecordService,
    private readonly ocds: OcdsService,
  ) {}

  @Get('tenders/:id/ocds')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'OCDS 1.1 release package (lots, contract-buyer and EU extensions), once published' })
  @ApiOkResponse({ schema: { type: 'object', description: 'an OCDS 1.1 release package' } })
  @ApiNotFoundResponse({ description: 'no such published tender' })
  releasePackage(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<unknown> {
    return this.ocds.package(user, id);
  }

  @Get('tenders/:id/record')
  @Roles(Role.Coordinator)
  @ApiOperation({ summary: "The tender's full record (Vergabevermerk) as JSON (its coordinator)" })
  @ApiOkResponse({ schema: { type: 'object' } })
  record(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<Record<string, unknown>> {
    return this.records.record(user, id);
  }
}
