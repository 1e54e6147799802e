import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Role, Roles } from '@buendel/auth';
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
  sustainability(
    @CurrentUser() user: AuthUser,
    @Query() query: SustainabilityReportQueryDto,
  ): Promise<SustainabilityReportDto> {
    return this.reports.report(user, query);
  }
}
