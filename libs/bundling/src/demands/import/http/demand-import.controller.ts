import { Readable } from 'node:stream';
import { Controller, Get, HttpCode, Inject, Post, Query, Req, Res, StreamableFile } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBadRequestResponse,
  ApiBody,
  ApiConsumes,
  ApiExtraModels,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiProduces,
  ApiTags,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AuthUser, CurrentUser, Role, Roles } from '@buendel/auth';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { UuidParam } from '@buendel/http';
import { fieldErrorsIn, prefersGerman, ValidationException } from '@buendel/errors';
import { SKIP_REASONS } from '../import-run';
import { XLSX_MEDIA_TYPE } from '../../../exports/workbook';
import { DemandImportDto, DemandImportQueryDto, DemandImportReportDto } from '../demand-import.dto';
import { DemandImportService } from '../demand-import.service';
import { unsupportedFile } from '../import-errors';
import { DemandImportJobs } from '../import-jobs.service';
import { importTemplateCsv, importTemplateXlsx } from '../import-template';

const COLUMNS_HELP =
  'Columns (German or English names): rowKey/Schlüssel, cpvCode/CPV, title/Bezeichnung, description/Beschreibung, ' +
  'specificationKey/Produktschlüssel and specificationText/Produktspezifikation (optional, together), quantity/Menge, unit/Einheit (a Rec. 20 code or a German unit: Stück, Stk., kWh, m², Karton), ' +
  'unitPriceEur/Einzelpreis, deliveryFrom/Lieferung ab, deliveryTo/Lieferung bis, deliveryAgs/Lieferort, ' +
  'criteria/Kriterien, status. The header row may have title rows above it; empty rows, headings and merged ' +
  'cells are skipped and listed. A repeated upload with the same row keys updates, never duplicates.';

@ApiTags('demands')
@ApiExtraModels(DemandImportReportDto, DemandImportDto)
@Controller('demands')
export class DemandImportController {
  constructor(
    private readonly imports: DemandImportService,
    private readonly jobs: DemandImportJobs,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('import')
  @HttpCode(200)
  @Roles(Role.Buyer, Role.Coordinator)
  @ApiOperation({
    summary: 'Import demands from a CSV or XLSX file, whole or nothing, with a report per row',
    description:
      'The body is the file (Content-Type text/csv or the XLSX type), or a multipart/form-data upload with one ' +
      'file part (from a browser). CSV: separators `;`, `,` or tab; UTF-8 (with or without BOM), Windows-1252, ' +
      'ISO-8859-15 or UTF-16, told by the content and named in the report; German decimal commas and dates ' +
      '(01.03.2027). XLSX: the first sheet or `?sheet=`; numbers and dates as Excel stores them. ' +
      `${COLUMNS_HELP} The rows of one file are stored together when the file is complete: a file refused as a ` +
      'whole or an upload that breaks off stores nothing. A file larger than the configured size (IMPORT_JOB_BYTES) ' +
      'becomes an import job: 202 with its id; GET /demands/imports/{id} shows its progress and then its report.',
  })
  @ApiConsumes('text/csv', XLSX_MEDIA_TYPE, 'multipart/form-data')
  @ApiBody({
    schema: {
      oneOf: [
        {
          type: 'string',
          example:
            'CPV;Bezeichnung;Menge;Einheit;Einzelpreis;Lieferung ab;Lieferung bis\n34144900-7;E-Auto;2;Stück;38.500,00;01.03.2027;30.06.2027',
        },
        { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] },
      ],
    },
  })
  @ApiOkResponse({ type: DemandImportReportDto, description: 'imported (or checked, with dryRun)' })
  @ApiAcceptedResponse({ type: DemandImportDto, description: 'a large file: kept, and imported as a job' })
  @ApiBadRequestResponse({ description: 'no header row with the required columns, an empty file, no such sheet' })
  @ApiPayloadTooLargeResponse({ description: 'larger than 64 MiB or more than 200,000 rows: nothing stored' })
  @ApiUnsupportedMediaTypeResponse({
    description: 'not CSV or XLSX (an .xls workbook, JSON), or an encoding that cannot be told: nothing stored',
  })
  async import(
    @CurrentUser() user: AuthUser,
    @Query() query: DemandImportQueryDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<DemandImportReportDto | DemandImportDto> {
    const { body, fileName } = await uploadOf(request);
    const declared = Number(request.headers['content-length'] ?? NaN);
    if (Number.isFinite(declared) && declared > this.config.IMPORT_JOB_BYTES) {
      const queued = await this.jobs.receive(user, body, { ...query, fileName, bytesTotal: declared });
      void reply.status(202).header('location', `/api/v1/demands/imports/${queued.id}`);
      return queued;
    }
    return inLanguageOf(request, await this.imports.import(user, body, query));
  }

  @Get('imports/:id')
  @Roles(Role.Buyer, Role.Coordinator)
  @ApiOperation({
    summary: 'An import of your organisation: progress (rows read, stored, refused, percent), then its report',
  })
  @ApiOkResponse({ type: DemandImportDto })
  @ApiNotFoundResponse({ description: 'no such import of your organisation' })
  async get(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Req() request: FastifyRequest,
  ): Promise<DemandImportDto> {
    const job = await this.jobs.get(user, id);
    return job.report ? { ...job, report: inLanguageOf(request, job.report) } : job;
  }

  @Get('import/template.xlsx')
  @Roles(Role.Buyer, Role.Coordinator)
  @ApiOperation({ summary: 'The import template: German headers, an example row, a list of the units' })
  @ApiProduces(XLSX_MEDIA_TYPE)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  async templateXlsx(): Promise<StreamableFile> {
    const file = await importTemplateXlsx();
    return new StreamableFile(file, {
      type: XLSX_MEDIA_TYPE,
      disposition: 'attachment; filename="bedarfe-vorlage.xlsx"',
      length: file.length,
    });
  }

  @Get('import/template.csv')
  @Roles(Role.Buyer, Role.Coordinator)
  @ApiOperation({ summary: 'The import template as CSV (German Excel: `;`, UTF-8 with BOM)' })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string', example: 'Schlüssel;CPV;Bezeichnung;…' } })
  templateCsv(): StreamableFile {
    const file = importTemplateCsv();
    return new StreamableFile(file, {
      type: 'text/csv; charset=utf-8',
      disposition: 'attachment; filename="bedarfe-vorlage.csv"',
      length: file.length,
    });
  }
}

/**
 * The report's reasons per row in German for `Accept-Language: de` (the web app's table),
 * as the problem filter does for a refused request's field errors; English otherwise.
 */
function inLanguageOf(request: FastifyRequest, report: DemandImportReportDto): DemandImportReportDto {
  const german = prefersGerman(request.headers['accept-language']);
  const skippedRows = german
    ? report.skippedRows.map((r) => ({ ...r, reason: GERMAN_SKIP_REASON.get(r.reason) ?? r.reason }))
    : report.skippedRows;
  return { ...report, errors: fieldErrorsIn(german, report.errors), skippedRows };
}

const GERMAN_SKIP_REASON = new Map<string, string>(Object.values(SKIP_REASONS).map((r) => [r.reason, r.de]));

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** the file of the request: its body, or the one file part of a multipart upload */
async function uploadOf(request: FastifyRequest): Promise<{ body: Readable; fileName?: string }> {
  if (request.isMultipart()) {
    const part = await request.file().catch((e: unknown) => {
      // @fastify/multipart's own refusals carry their status; busboy's (no boundary, a broken
      // part header) are the client's malformed upload, not a server fault
      const status = (e as { statusCode?: unknown }).statusCode;
      if (typeof status === 'number' && status < 500) throw e;
      throw new ValidationException(
        [
          {
            field: 'file',
            reason: `is not a readable multipart/form-data upload (${errorText(e)})`,
            de: `ist kein lesbarer multipart/form-data-Upload (${errorText(e)})`,
          },
        ],
        'The upload is not valid multipart/form-data',
        'Der Upload ist kein gültiges multipart/form-data',
      );
    });
    if (!part)
      throw unsupportedFile('The multipart upload has no file part', [
        { field: 'file', reason: 'is required', de: 'muss angegeben werden', code: 'REQUIRED' },
      ]);
    return { body: part.file, fileName: part.filename };
  }
  if (request.body instanceof Readable) return { body: request.body };
  throw unsupportedFile(
    'Send the file as the request body (Content-Type text/csv or ' +
      `${XLSX_MEDIA_TYPE}), or as a multipart/form-data upload`,
  );
}
