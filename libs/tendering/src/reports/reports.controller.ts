import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Role, Roles } from '@buendel/auth';
import { XLSX_MEDIA_TYPE, xlsxFile } from '@buendel/bundling';
import { reportCsv, reportWorkbook } from './sustainability-report-export';
import { SustainabilityReportDto, SustainabilityReportQueryDto } from './sustainability-report.dto';
import { SustainabilityReportService } from './sustainability-report.service';

@ApiTags('reports')
@Controller('reports')
export class ReportsController {
  constructor(private readonly reports: SustainabilityReportService) {}

  @Get('sustainability')
  @Roles(Role.Coordinator, Role.Admin)
  @ApiOperation({
    summary:
      'Share of bundled and awarded value carrying each criterion, per district, organisation, Land, CPV division and ' +
      'year; awarded value counts as sustainable only for verified evidence, self-declared apart',
  })
  @ApiOkResponse({ type: SustainabilityReportDto })
  @ApiNotFoundResponse({ description: 'a district you do not coordinate' })
  sustainability(
    @CurrentUser() user: AuthUser,
    @Query() query: SustainabilityReportQueryDto,
  ): Promise<SustainabilityReportDto> {
    return this.reports.report(user, query);
  }

  @Get('sustainability.xlsx')
  @Roles(Role.Coordinator, Role.Admin)
  @ApiOperation({
    summary: 'The sustainability report as an Excel workbook: one row per level, key, basis and criterion',
  })
  @ApiProduces(XLSX_MEDIA_TYPE)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'a district you do not coordinate' })
  async sustainabilityXlsx(
    @CurrentUser() user: AuthUser,
    @Query() query: SustainabilityReportQueryDto,
  ): Promise<StreamableFile> {
    const report = await this.reports.report(user, query);
    return xlsxFile(reportWorkbook(report), fileName(query, 'xlsx'));
  }

  @Get('sustainability.csv')
  @Roles(Role.Coordinator, Role.Admin)
  @ApiOperation({
    summary: 'The sustainability report as CSV for open data (RFC 4180, UTF-8, `,` and `.`, EUR with 2 decimals)',
  })
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string', example: 'ebene,schluessel,name,grundlage,kriterium,…' } })
  @ApiNotFoundResponse({ description: 'a district you do not coordinate' })
  async sustainabilityCsv(
    @CurrentUser() user: AuthUser,
    @Query() query: SustainabilityReportQueryDto,
  ): Promise<StreamableFile> {
    const file = reportCsv(await this.reports.report(user, query));
    return new StreamableFile(file, {
      type: 'text/csv; charset=utf-8',
      disposition: `attachment; filename="${fileName(query, 'csv')}"`,
      length: file.length,
    });
  }
}

function fileName(query: SustainabilityReportQueryDto, extension: string): string {
  return `nachhaltigkeitsbericht${query.districtKey ? `-${query.districtKey}` : ''}.${extension}`;
}
