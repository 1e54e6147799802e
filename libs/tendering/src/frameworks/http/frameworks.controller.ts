import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { AuthUser, CurrentUser, Role, Roles } from '@buendel/auth';
import { prefersGerman } from '@buendel/errors';
import { fileNameOf, XLSX_MEDIA_TYPE, xlsxFile } from '@buendel/bundling';
import { PageQueryDto, pageRequest, UuidParam } from '@buendel/http';
import { CallOffsService } from '../call-offs.service';
import { FrameworkExports } from '../framework-exports.service';
import { FrameworksService } from '../frameworks.service';
import { NextBundleService } from '../next-bundle.service';
import {
  AwardCallOffDto,
  CallOffContractPageDto,
  CallOffDto,
  CallOffOfferInputDto,
  CallOffOfferReceiptDto,
  CallOffPathDto,
  CallOffsDto,
  CancelCallOffDto,
  ConsumptionDto,
  CreateCallOffDto,
  FrameworkDto,
  FrameworkPageDto,
  FrameworkPlanDto,
  FrameworkPlanViewDto,
  NextBundleDto,
  NextBundleInputDto,
  NextEstimateDto,
  NextEstimateQueryDto,
  OpenedCallOffOffersDto,
  OwnCallOffOfferViewDto,
  ReportDeliveryDto,
} from './framework.dto';

const CALL_OFF_PARAMS = [ApiParam({ name: 'id', format: 'uuid' }), ApiParam({ name: 'callOffId', format: 'uuid' })];
const callOffParams = (): MethodDecorator => (target, key, descriptor) => {
  for (const d of CALL_OFF_PARAMS) d(target, key, descriptor);
};

/** Framework agreements (§ 21 VgV): the plan on a tender, the framework, call-offs, consumption. */
@ApiTags('frameworks')
@Controller()
export class FrameworksController {
  constructor(
    private readonly frameworks: FrameworksService,
    private readonly callOffs: CallOffsService,
    private readonly exports: FrameworkExports,
    private readonly nextBundles: NextBundleService,
  ) {}

  @Put('tenders/:id/framework')
  @Roles(Role.Coordinator)
  @ApiOperation({
    summary:
      'Make the draft tender a framework agreement: term (≤ 4 years, § 21 Abs. 6 VgV, longer with a reason), suppliers per lot, maxima',
  })
  @ApiOkResponse({ type: FrameworkPlanViewDto })
  @ApiBadRequestResponse({ description: 'every bad field: term, reason, maxima below the estimate, unknown items' })
  @ApiConflictResponse({ description: 'the tender is no longer a draft' })
  plan(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() dto: FrameworkPlanDto,
  ): Promise<FrameworkPlanViewDto> {
    return this.frameworks.plan(user, id, dto);
  }

  @Get('tenders/:id/framework')
  @Roles(Role.Coordinator, Role.Buyer)
  @ApiOperation({ summary: "The tender's framework plan with every participant's estimated and maximum quantity" })
  @ApiOkResponse({ type: FrameworkPlanViewDto })
  @ApiNotFoundResponse({ description: 'no such tender of yours, or no framework plan' })
  getPlan(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<FrameworkPlanViewDto> {
    return this.frameworks.getPlan(user, id);
  }

  @Get('frameworks')
  @Roles(Role.Coordinator, Role.Buyer, Role.Supplier)
  @ApiOperation({ summary: 'The frameworks your organisation runs, takes part in or supplies, newest first' })
  @ApiOkResponse({ type: FrameworkPageDto })
  async list(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<FrameworkPageDto> {
    const page = pageRequest(query);
    const { items, total } = await this.frameworks.list(user, page.limit, page.offset);
    return { items, page: page.page, pageSize: page.pageSize, total };
  }

  @Get('frameworks/:id')
  @Roles(Role.Coordinator, Role.Buyer, Role.Supplier)
  @ApiOperation({ summary: 'A framework: term, status, lots with their suppliers in rank order' })
  @ApiOkResponse({ type: FrameworkDto })
  @ApiNotFoundResponse({ description: 'no such framework of yours' })
  get(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<FrameworkDto> {
    return this.frameworks.get(user, id);
  }

  @Get('frameworks/:id/consumption')
  @Roles(Role.Coordinator, Role.Buyer, Role.Supplier)
  @ApiOperation({
    summary: 'Per lot, item and participant: estimated, maximum, called off, delivered, left (a participant its own)',
  })
  @ApiOkResponse({ type: ConsumptionDto })
  consumption(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<ConsumptionDto> {
    return this.frameworks.consumption(user, id);
  }

  @Get('frameworks/:id/consumption.xlsx')
  @Roles(Role.Coordinator, Role.Buyer, Role.Supplier)
  @ApiOperation({ summary: 'The consumption as an Excel workbook' })
  @ApiProduces(XLSX_MEDIA_TYPE)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async consumptionXlsx(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<StreamableFile> {
    const { workbook, title } = await this.exports.consumption(user, id);
    return xlsxFile(workbook, fileNameOf('verbrauch', title));
  }

  @Get('frameworks/:id/next-estimate')
  @Roles(Role.Coordinator, Role.Buyer)
  @ApiOperation({
    summary: "The estimate a new bundle can start from: each participant's call-offs, scaled to the next term",
  })
  @ApiOkResponse({ type: NextEstimateDto })
  nextEstimate(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Query() query: NextEstimateQueryDto,
  ): Promise<NextEstimateDto> {
    return this.frameworks.nextEstimate(user, id, query.termFrom, query.termTo);
  }

  @Post('frameworks/:id/next-bundle')
  @Roles(Role.Coordinator)
  @ApiOperation({
    summary:
      'The next term in one step: a bundle for it, and for every participant a draft demand per item from its call-offs, scaled to the next term',
  })
  @ApiCreatedResponse({ type: NextBundleDto })
  @ApiBadRequestResponse({ description: 'every bad field: joinDeadline, termFrom, termTo, title' })
  @ApiConflictResponse({ description: 'nothing has been called off yet' })
  async nextBundle(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() dto: NextBundleInputDto,
    @Req() request: FastifyRequest,
  ): Promise<NextBundleDto> {
    const made = await this.nextBundles.create(user, id, dto);
    const german = prefersGerman(request.headers['accept-language']);
    return { ...made, skipped: made.skipped.map(({ de, ...s }) => ({ ...s, reason: german && de ? de : s.reason })) };
  }

  @Get('frameworks/:id/ocds')
  @Roles(Role.Coordinator, Role.Buyer, Role.Supplier)
  @ApiOperation({
    summary:
      "The call-offs as OCDS 1.1 releases, each a process of its own related to the framework's (relationship framework)",
  })
  @ApiOkResponse({ schema: { type: 'object', additionalProperties: true } })
  ocds(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<Record<string, unknown>> {
    return this.callOffs.ocds(user, id);
  }

  @Post('frameworks/:id/call-offs')
  @Roles(Role.Buyer, Role.Coordinator)
  @ApiOperation({
    summary:
      'Call off within your maximum: direct (ordered at once), by ranking (the first supplier that accepts) or a mini-competition',
  })
  @ApiCreatedResponse({ type: CallOffDto })
  @ApiBadRequestResponse({ description: 'every bad field: lot, items, method, supplier, deadline' })
  @ApiForbiddenResponse({ description: 'your organisation does not take part in the framework' })
  @ApiConflictResponse({
    description: 'past the maximum (with what is left), outside the term, or the framework ended',
  })
  createCallOff(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() dto: CreateCallOffDto,
  ): Promise<CallOffDto> {
    return this.callOffs.create(user, id, dto);
  }

  @Get('contracts/call-offs')
  @Roles(Role.Coordinator, Role.Buyer, Role.Supplier)
  @ApiOperation({
    summary:
      "The call-off contracts of the caller's organisation: as the buyer that called off, as their supplier, or as the coordinator of their framework; newest order first",
  })
  @ApiOkResponse({ type: CallOffContractPageDto })
  async callOffContracts(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<CallOffContractPageDto> {
    const page = pageRequest(query);
    const [items, total] = await Promise.all([
      this.callOffs.contracts(user, page.limit, page.offset),
      this.callOffs.countContracts(user),
    ]);
    return { items, page: page.page, pageSize: page.pageSize, total };
  }

  @Get('frameworks/:id/call-offs')
  @Roles(Role.Coordinator, Role.Buyer, Role.Supplier)
  @ApiOperation({
    summary:
      'The call-offs: all for the coordinator, its own for a participant, those it holds or may bid for for a supplier',
  })
  @ApiOkResponse({ type: CallOffsDto })
  listCallOffs(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<CallOffsDto> {
    return this.callOffs.list(user, id);
  }

  @Post('frameworks/:id/call-offs/:callOffId/accept')
  @HttpCode(200)
  @Roles(Role.Supplier)
  @callOffParams()
  @ApiOperation({ summary: 'The supplier asked by ranking accepts the call-off at its framework prices' })
  @ApiOkResponse({ type: CallOffDto })
  accept(@CurrentUser() user: AuthUser, @Param() path: CallOffPathDto): Promise<CallOffDto> {
    return this.callOffs.accept(user, path.id, path.callOffId);
  }

  @Post('frameworks/:id/call-offs/:callOffId/decline')
  @HttpCode(200)
  @Roles(Role.Supplier)
  @callOffParams()
  @ApiOperation({
    summary: 'The supplier asked declines; the next in the ranking is asked, after the last the call-off fails',
  })
  @ApiOkResponse({ type: CallOffDto })
  decline(@CurrentUser() user: AuthUser, @Param() path: CallOffPathDto): Promise<CallOffDto> {
    return this.callOffs.decline(user, path.id, path.callOffId);
  }

  @Post('frameworks/:id/call-offs/:callOffId/cancel')
  @HttpCode(200)
  @Roles(Role.Buyer, Role.Coordinator)
  @callOffParams()
  @ApiOperation({
    summary: 'The call-off’s buyer cancels it before the first delivery; its quantities go back under the maximum',
  })
  @ApiOkResponse({ type: CallOffDto })
  @ApiBadRequestResponse({ description: 'a bad reason' })
  @ApiConflictResponse({ description: 'already delivered, failed or cancelled, or the framework ended' })
  cancel(
    @CurrentUser() user: AuthUser,
    @Param() path: CallOffPathDto,
    @Body() dto: CancelCallOffDto,
  ): Promise<CallOffDto> {
    return this.callOffs.cancel(user, path.id, path.callOffId, dto);
  }

  @Post('frameworks/:id/call-offs/:callOffId/offers')
  @Roles(Role.Supplier)
  @callOffParams()
  @ApiOperation({ summary: 'Submit or replace your sealed offer for a mini-competition, until its deadline' })
  @ApiCreatedResponse({ type: CallOffOfferReceiptDto, description: 'submitted' })
  @ApiOkResponse({ type: CallOffOfferReceiptDto, description: 'replaced your earlier offer' })
  @ApiConflictResponse({ description: 'the deadline has passed' })
  async submitOffer(
    @CurrentUser() user: AuthUser,
    @Param() path: CallOffPathDto,
    @Body() dto: CallOffOfferInputDto,
    @Res({ passthrough: true }) reply: { status(code: number): unknown },
  ): Promise<CallOffOfferReceiptDto> {
    const { receipt, created } = await this.callOffs.submitOffer(user, path.id, path.callOffId, dto);
    reply.status(created ? 201 : 200);
    return receipt;
  }

  @Get('frameworks/:id/call-offs/:callOffId/offers/mine')
  @Roles(Role.Supplier)
  @callOffParams()
  @ApiOperation({
    summary:
      "Your own offer for a mini-competition: its receipt (version, digest) at any time, your prices once the deadline has passed; never another supplier's",
  })
  @ApiOkResponse({ type: OwnCallOffOfferViewDto })
  @ApiNotFoundResponse({ description: 'no such mini-competition for a lot you supply' })
  ownOffer(@CurrentUser() user: AuthUser, @Param() path: CallOffPathDto): Promise<OwnCallOffOfferViewDto> {
    return this.callOffs.ownOffer(user, path.id, path.callOffId);
  }

  @Get('frameworks/:id/call-offs/:callOffId/offers')
  @Roles(Role.Buyer, Role.Coordinator)
  @callOffParams()
  @ApiOperation({ summary: "The mini-competition's offers, ranked by price; sealed until its deadline" })
  @ApiOkResponse({ type: OpenedCallOffOffersDto })
  @ApiConflictResponse({ description: 'the offers are sealed until the deadline' })
  openedOffers(@CurrentUser() user: AuthUser, @Param() path: CallOffPathDto): Promise<OpenedCallOffOffersDto> {
    return this.callOffs.openedOffers(user, path.id, path.callOffId);
  }

  @Post('frameworks/:id/call-offs/:callOffId/award')
  @HttpCode(200)
  @Roles(Role.Buyer, Role.Coordinator)
  @callOffParams()
  @ApiOperation({ summary: 'After the deadline: order the call-off from one of the opened offers' })
  @ApiOkResponse({ type: CallOffDto })
  award(
    @CurrentUser() user: AuthUser,
    @Param() path: CallOffPathDto,
    @Body() dto: AwardCallOffDto,
  ): Promise<CallOffDto> {
    return this.callOffs.award(user, path.id, path.callOffId, dto);
  }

  @Post('frameworks/:id/call-offs/:callOffId/deliveries')
  @Roles(Role.Supplier)
  @callOffParams()
  @ApiOperation({ summary: "The call-off's supplier reports a delivery, never more than was called off" })
  @ApiCreatedResponse({ type: CallOffDto })
  @ApiConflictResponse({ description: 'more than called off, or the call-off is not ordered from you' })
  deliver(
    @CurrentUser() user: AuthUser,
    @Param() path: CallOffPathDto,
    @Body() dto: ReportDeliveryDto,
  ): Promise<CallOffDto> {
    return this.callOffs.deliver(user, path.id, path.callOffId, dto);
  }
}
