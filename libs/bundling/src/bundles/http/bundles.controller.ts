import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Patch,
  Post,
  Put,
  Query,
  Req,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthUser, CurrentUser, Role, Roles } from '@buendel/auth';
import { MANDATE_BODIES } from '@buendel/domain';
import { readFileUpload, StoredFiles, storedFileDownload, UuidParam } from '@buendel/http';
import { bundlingError, BundlingErrorCode } from '../../bundling.exception';
import { BundlesService } from '../bundles.service';
import { JoinMandatesService } from '../join-mandates.service';
import { ParticipationsService } from '../participations.service';
import { BundleEventStreams } from './bundle-event-streams';
import {
  BundleDto,
  BundleEventDto,
  BundleEventsQueryDto,
  BundlePageDto,
  BundleQueryDto,
  CreateBundleDto,
  JoinBundleDto,
  JoinMandateDto,
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
    private readonly mandates: JoinMandatesService,
    private readonly files: StoredFiles,
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

  @Get('events')
  @Roles(Role.Buyer, Role.Coordinator)
  @ApiOperation({
    summary: 'Live updates of several bundles in one stream (server-sent events)',
    description:
      'For a list of bundles (a start page): one connection instead of one per bundle. Each bundle authorised like ' +
      'GET /bundles/{id} (404 if one is outside your view). Sends an `aggregate` event with the current status and ' +
      'aggregate of each bundle at once, then one whenever a join, a leave or a close changed one of them (from any ' +
      "API instance); each event names its bundle, its id is that aggregate's version. A comment line every 20 s " +
      'keeps the stream open.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ type: BundleEventDto, description: 'a stream of `aggregate` events, each with this JSON as data' })
  @ApiBadRequestResponse({ description: 'no ids, more than 50, or one that is not a UUID' })
  @ApiNotFoundResponse({ description: 'one of the bundles is not in your view' })
  eventsOfSeveral(
    @CurrentUser() user: AuthUser,
    @Query() query: BundleEventsQueryDto,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.streams.stream(user, query.ids, request, reply);
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
    return this.streams.stream(user, [id], request, reply);
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

  @Put(':id/participations/mine/mandate')
  @Roles(Role.Buyer, Role.Coordinator)
  @ApiOperation({
    summary: 'Record the decision of your council or mayor that a provisional join needs (its mandate)',
    description:
      'multipart/form-data: decidedOn (YYYY-MM-DD, not in the future), body (council or mayor) and one file part ' +
      '`file`, a PDF, PNG or JPEG of at most EVIDENCE_MAX_BYTES. The join is no longer provisional; a join kept ' +
      'at the deadline without one may still record it. A second record replaces the first.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['decidedOn', 'body', 'file'],
      properties: {
        decidedOn: { type: 'string', format: 'date' },
        body: { type: 'string', enum: [...MANDATE_BODIES] },
        file: { type: 'string', format: 'binary' },
      },
    },
  })
  @ApiOkResponse({ type: JoinMandateDto })
  @ApiBadRequestResponse({ description: 'every bad field at once, the file among them' })
  @ApiNotFoundResponse({ description: 'no such bundle, or your organisation does not take part' })
  @ApiConflictResponse({ description: 'your join needs no mandate, or was dropped at the deadline without one' })
  @ApiPayloadTooLargeResponse({ description: 'the file is larger than EVIDENCE_MAX_BYTES: nothing stored' })
  @ApiUnsupportedMediaTypeResponse({ description: 'not multipart/form-data' })
  async recordMandate(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Req() request: FastifyRequest,
  ): Promise<JoinMandateDto> {
    await this.mandates.assertMayRecord(user, id);
    const upload = await readFileUpload(request, this.files, this.mandates.maxBytes, () =>
      bundlingError(BundlingErrorCode.UnsupportedMediaType, 'Send the decision as multipart/form-data with its file', {
        errors: [
          {
            field: 'file',
            reason: 'is required (multipart/form-data with one file)',
            de: 'muss angegeben werden (multipart/form-data mit einer Datei)',
            code: 'REQUIRED',
          },
        ],
      }),
    );
    return this.mandates.record(user, id, upload);
  }

  @Get(':id/mandates/:organisationId/file')
  @Roles(Role.Buyer, Role.Coordinator)
  @ApiOperation({ summary: 'The file of a recorded mandate: for the bundle’s coordinator and the organisation itself' })
  @ApiParam({ name: 'organisationId', format: 'uuid' })
  @ApiProduces('application/pdf', 'image/png', 'image/jpeg')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'no such bundle or mandate in your view, or no decision recorded' })
  async mandateFile(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @UuidParam('organisationId') organisationId: string,
  ): Promise<StreamableFile> {
    const { row, stream } = await this.mandates.file(user, id, organisationId);
    return storedFileDownload(row, stream);
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
