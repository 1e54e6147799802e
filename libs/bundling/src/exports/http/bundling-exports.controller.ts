import { Controller, Get, Query, StreamableFile } from '@nestjs/common';
import {
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, Role, Roles } from '@buendel/auth';
import { UuidParam } from '@buendel/http';
import { DemandQueryDto } from '../../demands/http/dto/demand.dto';
import { BundlingExports } from '../bundling-exports.service';
import { fileNameOf, XLSX_MEDIA_TYPE, xlsxFile } from '../workbook';

const XLSX_FILE = { schema: { type: 'string', format: 'binary' } } as const;

@ApiTags('exports')
@Controller()
export class BundlingExportsController {
  constructor(private readonly exports: BundlingExports) {}

  @Get('demands/export.xlsx')
  @Roles(Role.Buyer, Role.Coordinator)
  @ApiOperation({ summary: "Your organisation's demands as an Excel workbook (the filters of GET /demands)" })
  @ApiProduces(XLSX_MEDIA_TYPE)
  @ApiOkResponse(XLSX_FILE)
  async demands(@CurrentUser() user: AuthUser, @Query() query: DemandQueryDto): Promise<StreamableFile> {
    return xlsxFile(await this.exports.demands(user, query), 'bedarfe.xlsx');
  }

  @Get('bundles/:id/export.xlsx')
  @Roles(Role.Coordinator)
  @ApiOperation({ summary: 'A bundle for its coordinator: summary, aggregate lines, lots and participants' })
  @ApiProduces(XLSX_MEDIA_TYPE)
  @ApiOkResponse(XLSX_FILE)
  @ApiForbiddenResponse({ description: 'not the coordinating organisation' })
  @ApiNotFoundResponse({ description: 'no such bundle' })
  async bundle(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<StreamableFile> {
    const { workbook, title } = await this.exports.bundle(user, id);
    return xlsxFile(workbook, fileNameOf('buendel', title));
  }
}
