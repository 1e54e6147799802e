import { Controller, Get, StreamableFile } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Role, Roles } from '@buendel/auth';
import { fileNameOf, XLSX_MEDIA_TYPE, xlsxFile } from '@buendel/bundling';
import { UuidParam } from '@buendel/http';
import { TenderExports } from '../tender-exports.service';

const XLSX_FILE = { schema: { type: 'string', format: 'binary' } } as const;

@ApiTags('exports')
@Controller()
export class TenderExportsController {
  constructor(private readonly exports: TenderExports) {}

  @Get('tenders/:id/evaluation.xlsx')
  @Roles(Role.Coordinator)
  @ApiOperation({ summary: "The tender's evaluation as an Excel workbook (its coordinator, once opened)" })
  @ApiProduces(XLSX_MEDIA_TYPE)
  @ApiOkResponse(XLSX_FILE)
  @ApiNotFoundResponse({ description: 'no such tender of yours' })
  async evaluation(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<StreamableFile> {
    const { workbook, title } = await this.exports.evaluation(user, id);
    return xlsxFile(workbook, fileNameOf('wertung', title));
  }

  @Get('tenders/:id/contracts.xlsx')
  @Roles(Role.Coordinator, Role.Buyer, Role.Supplier)
  @ApiOperation({
    summary:
      'Contracts, their items and the allocations per participant as an Excel workbook (for the finance offices)',
  })
  @ApiProduces(XLSX_MEDIA_TYPE)
  @ApiOkResponse(XLSX_FILE)
  async contracts(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<StreamableFile> {
    const { workbook } = await this.exports.contractsOf(user, id);
    return xlsxFile(workbook, `vertraege-${id.slice(0, 8)}.xlsx`);
  }
}
