import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, Role, Roles } from '@buendel/auth';
import { UuidParam } from '@buendel/http';
import { LotPathDto } from '../../contracts/http/contract.dto';
import { TenderOpeningService } from '../tender-opening.service';
import { TenderReleasesService } from '../tender-releases.service';
import { TendersService } from '../tenders.service';
import {
  CancelTenderDto,
  CreateTenderDto,
  PublishCheckDto,
  RenameLotDto,
  StartOpeningDto,
  TenderDto,
  TenderPageDto,
  TenderQueryDto,
  UpdateTenderDto,
} from './tender.dto';

/** Joint tenders: the draft from a closed bundle, its changes, publication and cancellation. */
@ApiTags('tenders')
@Controller()
export class TendersController {
  constructor(
    private readonly tenders: TendersService,
    private readonly opening: TenderOpeningService,
    private readonly releases: TenderReleasesService,
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

  @Get('tenders')
  @Roles(Role.Coordinator, Role.Buyer, Role.Supplier)
  @ApiOperation({
    summary:
      "Tenders by page, newest first: the coordinator's and a participant's (drafts too), a supplier's the published ones",
  })
  @ApiOkResponse({ type: TenderPageDto })
  @ApiBadRequestResponse({ description: 'an unknown status, a malformed bundle id or page (every one named)' })
  list(@CurrentUser() user: AuthUser, @Query() query: TenderQueryDto): Promise<TenderPageDto> {
    return this.tenders.list(user, query);
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

  @Patch('tenders/:id/lots/:lotId')
  @Roles(Role.Coordinator)
  @ApiOperation({ summary: 'Rename a lot of a draft (the proposal titles lots from their items)' })
  @ApiOkResponse({ type: TenderDto })
  @ApiBadRequestResponse({ description: 'a bad id, lot id or title (each named)' })
  @ApiNotFoundResponse({ description: 'no such tender of yours, or no such lot of it' })
  @ApiConflictResponse({ description: 'the tender is no longer a draft' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'lotId', format: 'uuid' })
  renameLot(@CurrentUser() user: AuthUser, @Param() path: LotPathDto, @Body() dto: RenameLotDto): Promise<TenderDto> {
    return this.tenders.renameLot(user, path.id, path.lotId, dto);
  }

  @Get('tenders/:id/publish-check')
  @Roles(Role.Coordinator)
  @ApiOperation({
    summary:
      'The dry run of publish: every problem publishing the draft now would be refused with (400), nothing written',
  })
  @ApiOkResponse({ type: PublishCheckDto })
  @ApiNotFoundResponse({ description: 'no such tender of yours' })
  @ApiConflictResponse({ description: 'TENDER_WRONG_STATUS: the tender is no longer a draft' })
  publishCheck(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<PublishCheckDto> {
    return this.tenders.publishCheck(user, id);
  }

  @Post('tenders/:id/publish')
  @HttpCode(200)
  @Roles(Role.Coordinator)
  @ApiOperation({ summary: 'Publish a draft; offers are then accepted until the submission deadline' })
  @ApiOkResponse({ type: TenderDto })
  @ApiBadRequestResponse({
    description: 'INVALID_TENDER: the deadline leaves less than the legal minimum period, the EU notice lacks data',
  })
  publish(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<TenderDto> {
    return this.tenders.publish(user, id);
  }

  @Post('tenders/:id/opening')
  @HttpCode(200)
  @Roles(Role.Coordinator)
  @ApiOperation({
    summary: 'EU procedures: the first of two people opens the offers after the deadline (§ 55 Abs. 2 VgV)',
  })
  @ApiOkResponse({ type: TenderDto })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED: bad fields; INVALID_OPENING_WITNESS: the second person is none of your organisation, or yourself',
  })
  @ApiConflictResponse({
    description:
      'TENDER_WRONG_STATUS: not published; OPENING_NOT_NEEDED: a national procedure opens by itself; ' +
      'OFFERS_SEALED: the deadline has not passed; OPENING_ALREADY_STARTED: a second person confirms it',
  })
  startOpening(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() dto: StartOpeningDto,
  ): Promise<TenderDto> {
    return this.opening.startOpening(user, id, dto.witnessUserId);
  }

  @Post('tenders/:id/opening/confirm')
  @HttpCode(200)
  @Roles(Role.Coordinator, Role.Buyer)
  @ApiOperation({ summary: 'EU procedures: a second, distinct person of the organisation confirms; the offers open' })
  @ApiOkResponse({ type: TenderDto })
  @ApiConflictResponse({
    description:
      'TENDER_WRONG_STATUS: not published; OPENING_NOT_STARTED: nobody began the opening; ' +
      'OPENING_SAME_PERSON: the one who began it cannot confirm it (§ 55 Abs. 2 VgV); ' +
      'OPENING_NOT_WITNESS: another than the second person named at the start',
  })
  confirmOpening(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<TenderDto> {
    return this.opening.confirmOpening(user, id);
  }

  @Post('tenders/:id/cancel')
  @HttpCode(200)
  @Roles(Role.Coordinator)
  @ApiOperation({ summary: 'Cancel the procedure with a reason (§ 63 VgV); the demands are released' })
  @ApiOkResponse({ type: TenderDto })
  cancel(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: CancelTenderDto): Promise<TenderDto> {
    return this.releases.cancel(user, id, dto.reason);
  }
}
