import { Controller, Get, Headers, Query, Res } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { ALL_ROLES, AuthUser, CurrentUser, Role, Roles } from '@buendel/auth';
import { UuidParam } from '@buendel/http';
import { OcdsService } from '../../ocds/ocds.service';
import { renderRecordHtml } from '../record-document';
import { renderRecordPdf } from '../record-pdf';
import { TenderRecordService } from '../tender-record.service';
import { RecordFormat, RecordQueryDto } from './record.dto';

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
  @ApiOperation({
    summary:
      "The tender's full record (Vergabevermerk): JSON, or a printable German HTML page (Accept: text/html or " +
      '?format=html) or a paginated PDF (Accept: application/pdf or ?format=pdf); its coordinator only',
  })
  @ApiProduces('application/json', 'text/html', 'application/pdf')
  @ApiOkResponse({ schema: { type: 'object' } })
  async record(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Query() query: RecordQueryDto,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: { header(name: string, value: string): unknown },
  ): Promise<Record<string, unknown> | string | Buffer> {
    const format = query.format ?? formatOf(accept);
    if (format === 'json') return this.records.record(user, id);
    const doc = await this.records.document(user, id);
    const file = `vergabevermerk-${id.slice(0, 8)}`;
    if (format === 'html') {
      reply.header('content-type', 'text/html; charset=utf-8');
      return renderRecordHtml(doc);
    }
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `inline; filename="${file}.pdf"`);
    return renderRecordPdf(doc);
  }
}

/** the format an Accept header asks for first (JSON unless HTML or PDF comes before it) */
function formatOf(accept: string | undefined): RecordFormat {
  for (const part of (accept ?? '').split(',')) {
    const type = part.split(';')[0]?.trim().toLowerCase();
    if (type === 'application/pdf') return 'pdf';
    if (type === 'text/html') return 'html';
    if (type === 'application/json' || type === '*/*') return 'json';
  }
  return 'json';
}
