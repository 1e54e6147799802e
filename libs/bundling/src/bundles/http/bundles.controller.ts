import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthUser, CurrentUser, Role, Roles } from '@buendel/auth';
import { UuidParam } from '@buendel/http';
import { BundlesService } from '../bundles.service';
import { ParticipationsService } from '../participations.service';
import { BundleEventStreams } from './bundle-event-streams';
import {
  BundleDto,
  BundleEventDto,
  BundlePageDto,
  BundleQueryDto,
  CreateBundleDto,
  JoinBundleDto,
  ParticipationDto,
  ParticipationPreviewDto,
  UpdateBundleDto,
} from './dto/bundle.dto';

@ApiTags('bundles')
@Controller('bundles')
export class BundlesController {
  constructor(
    private readonly bundles: BundlesService,
    private readonly participations: ParticipationsService,
    private readonly streams: BundleEventStreams,
  ) {}

  @Post()
  @Roles(Role.Coordinator)
  @ApiOperation({ summary: 'Open a bundle for districts your organisation coordinates' })
  @ApiCreatedResponse({ type: BundleDto })
  @ApiBadRequestResponse({ description: 'invalid fields, districts you do not coordinate, unknown codes' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateBundleDto): Promise<BundleDto> {
    return this.bundles.create(user, dto);
  }

  @Get()
  @Roles(Role.Buyer, Role.Coordinator)
  @ApiOperation({ summary: 'Bundles of your region, yours, and those you take part in, with their aggregates' })
  @ApiOkResponse({ type: BundlePageDto })
  list(@CurrentUser() user: AuthUser, @Query() query: BundleQueryDto): Promise<BundlePageDto> {
    return this.bundles.list(user, query);
  }

  @Get(':id')
  @Roles(Role.Buyer, Role.Coordinator)
  @ApiOperation({ summary: 'A bundle with its aggregate (and its participants, for its coordinator)' })
  @ApiOkResponse({ type: BundleDto })
  @ApiNotFoundResponse({ description: 'no such bundle in your view' })
  get(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<BundleDto> {
    return this.bundles.get(user, id);
  }

  @Get(':id/events')
  @Roles(Role.Buyer, Role.Coordinator)
  @ApiOperation({
    summary: 'Live updates of a bundle (server-sent events)',
    description:
      'Authorised like GET /bundles/{id}. Sends an `aggregate` event with the current status and aggregate at once, ' +
      'then one whenever a join, a leave or a close changed them (from any API instance); the event id is the ' +
      "aggregate's version. A comment line every 20 s keeps the stream open.",
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ type: BundleEventDto, description: 'a stream of `aggregate` events, each with this JSON as data' })
  @ApiNotFoundResponse({ description: 'no such bundle in your view' })
  events(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.streams.stream(user, id, request, reply);
  }

  @Patch(':id')
  @Roles(Role.Coordinator)
  @ApiOperation({
    summary: 'Change title, description, opt-in deadline or targets of an open bundle (its coordinator)',
  })
  @ApiOkResponse({ type: BundleDto })
  @ApiConflictResponse({ description: 'the bundle is no longer open' })
  update(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: UpdateBundleDto): Promise<BundleDto> {
    return this.bundles.update(user, id, dto);
  }

  @Post(':id/participations')
  @Roles(Role.Buyer, Role.Coordinator)
  @ApiOperation({ summary: 'Join with demands of your organisation (idempotent)' })
  @ApiCreatedResponse({ type: ParticipationDto, description: 'demands were added' })
  @ApiOkResponse({ type: ParticipationDto, description: 'every demand took part already' })
  @ApiBadRequestResponse({ description: 'demand ids that are not yours' })
  @ApiUnprocessableEntityResponse({ description: 'a demand does not fit: the answer names each mismatch' })
  @ApiConflictResponse({ description: 'the bundle is closed or past its deadline' })
  async join(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() dto: JoinBundleDto,
    @Res({ passthrough: true }) reply: { status(code: number): unknown },
  ): Promise<ParticipationDto> {
    const { participation, created } = await this.participations.join(user, id, dto.demandIds);
    reply.status(created ? 201 : 200);
    return participation;
  }

  @Post(':id/participations/preview')
  @HttpCode(200)
  @Roles(Role.Buyer, Role.Coordinator)
  @ApiOperation({
    summary: 'What joining with these demands would change (total, regime, lots); changes nothing',
    description: 'The same checks and the same aggregation as the join; the answer has the aggregate before and after.',
  })
  @ApiOkResponse({ type: ParticipationPreviewDto })
  @ApiBadRequestResponse({ description: 'demand ids that are not yours' })
  @ApiUnprocessableEntityResponse({ description: 'a demand does not fit: the answer names each mismatch' })
  @ApiConflictResponse({ description: 'the bundle is closed or past its deadline' })
  previewJoin(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() dto: JoinBundleDto,
  ): Promise<ParticipationPreviewDto> {
    return this.participations.previewJoin(user, id, dto.demandIds);
  }

  @Get(':id/participations/mine/leave-preview')
  @Roles(Role.Buyer, Role.Coordinator)
  @ApiOperation({ summary: 'What leaving would change (total, regime, lots); changes nothing' })
  @ApiOkResponse({ type: ParticipationPreviewDto })
  @ApiNotFoundResponse({ description: 'no such bundle, or your organisation does not take part' })
  @ApiConflictResponse({ description: 'the deadline has passed: participation is binding' })
  previewLeave(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<ParticipationPreviewDto> {
    return this.participations.previewLeave(user, id);
  }

  @Delete(':id/participations/mine')
  @HttpCode(204)
  @Roles(Role.Buyer, Role.Coordinator)
  @ApiOperation({ summary: 'Leave the bundle with all your demands, before the opt-in deadline' })
  @ApiNoContentResponse({ description: 'left; the demands are open again' })
  @ApiNotFoundResponse({ description: 'no such bundle, or your organisation does not take part' })
  @ApiConflictResponse({ description: 'the deadline has passed: participation is binding' })
  leave(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<void> {
    return this.participations.leave(user, id);
  }

  @Post(':id/close')
  @HttpCode(200)
  @Roles(Role.Coordinator)
  @ApiOperation({ summary: 'Close before the deadline (its coordinator): volumes frozen, participations binding' })
  @ApiOkResponse({ type: BundleDto })
  @ApiConflictResponse({ description: 'the bundle is not open' })
  close(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<BundleDto> {
    return this.bundles.close(user, id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(Role.Coordinator)
  @ApiOperation({ summary: 'Cancel an open or closed bundle (its coordinator); the demands are released' })
  @ApiOkResponse({ type: BundleDto })
  @ApiConflictResponse({ description: 'the bundle is already tendering, awarded or cancelled' })
  cancel(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<BundleDto> {
    return this.bundles.cancel(user, id);
  }
}
