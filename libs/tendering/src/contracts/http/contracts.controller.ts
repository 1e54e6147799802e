import { Controller, Get } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Role, Roles } from '@buendel/auth';
import { UuidParam } from '@buendel/http';
import { InformationLettersService } from '../information-letters.service';
import { InformationLettersDto } from './contract.dto';

/** After the award decision: the information letters of § 134 GWB and the contracts after the standstill. */
@ApiTags('tenders')
@Controller()
export class ContractsController {
  constructor(private readonly letters: InformationLettersService) {}

  @Get('tenders/:id/information-letters')
  @Roles(Role.Coordinator, Role.Supplier)
  @ApiOperation({
    summary: 'The information letters of § 134 GWB: every letter for the coordinator, its own for a bidder',
  })
  @ApiOkResponse({ type: InformationLettersDto })
  @ApiNotFoundResponse({ description: 'no such tender, or no letter for this bidder' })
  informationLetters(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<InformationLettersDto> {
    return this.letters.list(user, id);
  }
}
