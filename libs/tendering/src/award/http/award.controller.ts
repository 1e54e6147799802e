import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, Role, Roles } from '@buendel/auth';
import { UuidParam } from '@buendel/http';
import { AllocationsDto, AwardLotDto, AwardResultDto } from '../award.dto';
import { AwardService } from '../award.service';

/** The award per lot and each participant's allocation. */
@ApiTags('tenders')
@Controller()
export class AwardController {
  constructor(private readonly awards: AwardService) {}

  @Post('tenders/:id/award')
  @HttpCode(200)
  @Roles(Role.Coordinator)
  @ApiOperation({ summary: 'Award a lot to an offer (another than the best needs a written reason)' })
  @ApiOkResponse({ type: AwardResultDto })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED: bad fields; INVALID_AWARD: a lot of another tender or an offer of another lot; ' +
      'AWARD_REASON_REQUIRED: another than the best-ranked offer without a written reason',
  })
  @ApiConflictResponse({
    description: 'TENDER_WRONG_STATUS: the offers are not opened yet; LOT_ALREADY_AWARDED: the lot is awarded already',
  })
  @ApiUnprocessableEntityResponse({ description: 'OFFER_EXCLUDED: the offer is excluded' })
  award(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: AwardLotDto): Promise<AwardResultDto> {
    return this.awards.award(user, id, dto);
  }

  @Get('tenders/:id/allocations')
  @Roles(Role.Coordinator, Role.Buyer, Role.Supplier)
  @ApiOperation({ summary: "Each participant's share of quantity and value per item and lot" })
  @ApiOkResponse({ type: AllocationsDto })
  allocations(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<AllocationsDto> {
    return this.awards.allocations(user, id);
  }
}
