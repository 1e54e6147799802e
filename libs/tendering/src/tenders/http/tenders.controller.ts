import { Body, Controller, Get, HttpCode, Patch, Post, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { ALL_ROLES, AuthUser, CurrentUser, Role, Roles } from '@buendel/auth';
import { UuidParam } from '@buendel/http';
import { AllocationsDto, AwardLotDto, AwardResultDto } from '../../award/award.dto';
import { AwardService } from '../../award/award.service';
import { OcdsService } from '../../ocds/ocds.service';
import { OfferReceiptDto, OpenedOffersDto, SubmitOfferDto } from '../../offers/offer.dto';
import { OffersService } from '../../offers/offers.service';
import { TenderRecordService } from '../../record/tender-record.service';
import { TendersService } from '../tenders.service';
import { CancelTenderDto, CreateTenderDto, TenderDto, UpdateTenderDto } from './tender.dto';

@ApiTags('tenders')
@Controller()
export class TendersController {
  constructor(
    private readonly tenders: TendersService,
    private readonly offers: OffersService,
    private readonly awards: AwardService,
    private readonly ocds: OcdsService,
    private readonly records: TenderRecordService,
  ) {}

  @Post('bundles/:id/tender')
  @Roles(Role.Coordinator)
  @ApiOperation({ summary: 'Draft the joint tender of a closed bundle (its coordinator)' })
  @ApiCreatedResponse({ type: TenderDto })
  @ApiBadRequestResponse({
    description:
      'lots that miss or double-count products, criteria in wrong phases, weights not summing to 100, a deadline before the legal minimum',
  })
  @ApiConflictResponse({ description: 'the bundle is not closed, has no participants, or has a tender already' })
  createFromBundle(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() dto: CreateTenderDto,
  ): Promise<TenderDto> {
    return this.tenders.createFromBundle(user, id, dto);
  }

  @Get('tenders/:id')
  @Roles(Role.Coordinator, Role.Buyer)
  @ApiOperation({ summary: 'A tender (its coordinator and the participating organisations)' })
  @ApiOkResponse({ type: TenderDto })
  @ApiNotFoundResponse({ description: 'no such tender of yours' })
  get(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<TenderDto> {
    return this.tenders.get(user, id);
  }

  @Patch('tenders/:id')
  @Roles(Role.Coordinator)
  @ApiOperation({ summary: 'Change a draft: lots (merge, split), criteria, weights, deadline' })
  @ApiOkResponse({ type: TenderDto })
  @ApiConflictResponse({ description: 'the tender is no longer a draft' })
  update(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: UpdateTenderDto): Promise<TenderDto> {
    return this.tenders.update(user, id, dto);
  }

  @Post('tenders/:id/publish')
  @HttpCode(200)
  @Roles(Role.Coordinator)
  @ApiOperation({ summary: 'Publish a draft; offers are then accepted until the submission deadline' })
  @ApiOkResponse({ type: TenderDto })
  @ApiBadRequestResponse({ description: 'the deadline leaves less than the legal minimum period' })
  publish(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<TenderDto> {
    return this.tenders.publish(user, id);
  }

  @Post('tenders/:id/cancel')
  @HttpCode(200)
  @Roles(Role.Coordinator)
  @ApiOperation({ summary: 'Cancel the procedure with a reason (§ 63 VgV); the demands are released' })
  @ApiOkResponse({ type: TenderDto })
  cancel(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: CancelTenderDto): Promise<TenderDto> {
    return this.tenders.cancel(user, id, dto.reason);
  }

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

  @Post('tenders/:id/offers')
  @Roles(Role.Supplier)
  @ApiOperation({ summary: 'Submit or replace your sealed offer for a lot, until the submission deadline' })
  @ApiCreatedResponse({ type: OfferReceiptDto, description: 'submitted' })
  @ApiOkResponse({ type: OfferReceiptDto, description: 'replaced your earlier offer for the lot' })
  @ApiBadRequestResponse({
    description: 'a lot or item of another tender, an item without a price, criteria the tender does not ask for',
  })
  @ApiConflictResponse({ description: 'the submission deadline has passed' })
  async submitOffer(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() dto: SubmitOfferDto,
    @Res({ passthrough: true }) reply: { status(code: number): unknown },
  ): Promise<OfferReceiptDto> {
    const { receipt, created } = await this.offers.submit(user, id, dto);
    reply.status(created ? 201 : 200);
    return receipt;
  }

  @Get('tenders/:id/offers')
  @Roles(Role.Coordinator)
  @ApiOperation({ summary: 'The opened offers with their evaluation (its coordinator, after the submission deadline)' })
  @ApiOkResponse({ type: OpenedOffersDto })
  @ApiConflictResponse({ description: 'the offers are sealed until the submission deadline' })
  openedOffers(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<OpenedOffersDto> {
    return this.offers.opened(user, id);
  }

  @Post('tenders/:id/award')
  @HttpCode(200)
  @Roles(Role.Coordinator)
  @ApiOperation({ summary: 'Award a lot to an offer (another than the best needs a written reason)' })
  @ApiOkResponse({ type: AwardResultDto })
  @ApiUnprocessableEntityResponse({ description: 'the offer is excluded' })
  award(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: AwardLotDto): Promise<AwardResultDto> {
    return this.awards.award(user, id, dto);
  }

  @Get('tenders/:id/allocations')
  @Roles(Role.Coordinator, Role.Buyer)
  @ApiOperation({ summary: "Each participant's share of quantity and value per item and lot" })
  @ApiOkResponse({ type: AllocationsDto })
  allocations(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<AllocationsDto> {
    return this.awards.allocations(user, id);
  }
}
