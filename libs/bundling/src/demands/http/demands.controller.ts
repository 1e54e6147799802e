import { Readable } from 'node:stream';
import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Req } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiConflictResponse,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, Role, Roles } from '@buendel/auth';
import { UuidParam } from '@buendel/http';
import { bundlingError, BundlingErrorCode } from '../../bundling.exception';
import { BundleMatchListDto } from '../../bundles/http/dto/bundle.dto';
import { BundlesService } from '../../bundles/bundles.service';
import { DemandsService } from '../demands.service';
import { DemandImportQueryDto, DemandImportReportDto } from '../import/demand-import.dto';
import { DemandImportService } from '../import/demand-import.service';
import { CreateDemandDto, DemandDto, DemandPageDto, DemandQueryDto, UpdateDemandDto } from './dto/demand.dto';

@ApiTags('demands')
@Controller('demands')
export class DemandsController {
  constructor(
    private readonly demands: DemandsService,
    private readonly imports: DemandImportService,
    private readonly bundles: BundlesService,
  ) {}

  @Post()
  @Roles(Role.Buyer, Role.Coordinator)
  @ApiOperation({ summary: 'Record a demand of your organisation' })
  @ApiCreatedResponse({ type: DemandDto })
  @ApiBadRequestResponse({ description: 'invalid fields, or codes and places we do not know (each field named)' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateDemandDto): Promise<DemandDto> {
    return this.demands.create(user, dto);
  }

  @Post('import')
  @HttpCode(200)
  @Roles(Role.Buyer, Role.Coordinator)
  @ApiOperation({
    summary: 'Import demands from a CSV file (text/csv body), with a report per row',
    description:
      'Separators `;`, `,` or tab; UTF-8 with or without BOM; German decimal commas and dates (01.03.2027). ' +
      'Columns (German or English names): rowKey/Schlüssel, cpvCode/CPV, title/Bezeichnung, description/Beschreibung, ' +
      'quantity/Menge, unit/Einheit, unitPriceEur/Einzelpreis, deliveryFrom/Lieferung ab, deliveryTo/Lieferung bis, ' +
      'deliveryAgs/Lieferort, criteria/Kriterien, status. A repeated upload with the same row keys updates, never duplicates.',
  })
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: {
      type: 'string',
      example:
        'CPV;Bezeichnung;Menge;Einheit;Einzelpreis;Lieferung ab;Lieferung bis\n34144900-7;E-Auto;2;H87;38.500,00;01.03.2027;30.06.2027',
    },
  })
  @ApiOkResponse({ type: DemandImportReportDto })
  @ApiBadRequestResponse({ description: 'the header row lacks required columns, or the file is empty' })
  @ApiPayloadTooLargeResponse({ description: 'the file is larger than 64 MiB' })
  @ApiUnsupportedMediaTypeResponse({ description: 'the body is not text/csv' })
  async import(
    @CurrentUser() user: AuthUser,
    @Query() query: DemandImportQueryDto,
    @Req() request: { body?: unknown },
  ): Promise<DemandImportReportDto> {
    if (!(request.body instanceof Readable)) {
      throw bundlingError(
        BundlingErrorCode.UnsupportedMediaType,
        'Send the CSV file as the request body with Content-Type text/csv',
      );
    }
    return this.imports.import(user, request.body, { dryRun: query.dryRun });
  }

  @Get()
  @Roles(Role.Buyer, Role.Coordinator)
  @ApiOperation({ summary: "Your organisation's demands" })
  @ApiOkResponse({ type: DemandPageDto })
  list(@CurrentUser() user: AuthUser, @Query() query: DemandQueryDto): Promise<DemandPageDto> {
    return this.demands.list(user, query);
  }

  @Get(':id')
  @Roles(Role.Buyer, Role.Coordinator)
  @ApiOperation({ summary: 'One demand of your organisation' })
  @ApiOkResponse({ type: DemandDto })
  @ApiNotFoundResponse({ description: 'no such demand of your organisation' })
  get(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<DemandDto> {
    return this.demands.get(user, id);
  }

  @Patch(':id')
  @Roles(Role.Buyer, Role.Coordinator)
  @ApiOperation({ summary: 'Change a demand (refused once its bundle is closed)' })
  @ApiOkResponse({ type: DemandDto })
  @ApiConflictResponse({ description: 'the demand is bound in a closed bundle, withdrawn or awarded' })
  update(@CurrentUser() user: AuthUser, @UuidParam() id: string, @Body() dto: UpdateDemandDto): Promise<DemandDto> {
    return this.demands.update(user, id, dto);
  }

  @Delete(':id')
  @Roles(Role.Buyer, Role.Coordinator)
  @ApiOperation({ summary: 'Withdraw a demand (one in an open bundle leaves it)' })
  @ApiOkResponse({ type: DemandDto })
  @ApiConflictResponse({ description: 'the demand is bound in a closed bundle or awarded' })
  withdraw(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<DemandDto> {
    return this.demands.withdraw(user, id);
  }

  @Get(':id/matches')
  @Roles(Role.Buyer, Role.Coordinator)
  @ApiOperation({ summary: 'Open bundles this demand could join, with the reasons it cannot join the others' })
  @ApiOkResponse({ type: BundleMatchListDto })
  matches(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<BundleMatchListDto> {
    return this.bundles.matches(user, id);
  }
}
