import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, Role, Roles } from '@buendel/auth';
import { PageQueryDto, pageRequest, UuidParam } from '@buendel/http';
import { ContractsService } from '../contracts.service';
import { InformationLettersService } from '../information-letters.service';
import {
  ConcludeContractDto,
  ConcludeContractsResultDto,
  ContractPageDto,
  ContractsDto,
  InformationLettersDto,
  LotPathDto,
} from './contract.dto';

/** After the award decision: the information letters of § 134 GWB and the contracts after the standstill. */
@ApiTags('tenders')
@Controller()
export class ContractsController {
  constructor(
    private readonly letters: InformationLettersService,
    private readonly contracts: ContractsService,
  ) {}

  @Get('tenders/:id/information-letters')
  @Roles(Role.Coordinator, Role.Supplier)
  @ApiOperation({
    summary: 'The information letters of § 134 GWB: every letter for the coordinator, its own for a bidder',
  })
  @ApiOkResponse({ type: InformationLettersDto })
  @ApiNotFoundResponse({ description: 'no such tender, or no letter for this bidder' })
  informationLetters(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<InformationLettersDto> {
    return this.letters.list(user, id);
  }

  @Post('tenders/:id/lots/:lotId/contract')
  @HttpCode(201)
  @Roles(Role.Coordinator)
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiParam({ name: 'lotId', format: 'uuid' })
  @ApiOperation({
    summary: "Conclude the lot's contracts, one per participating organisation, after the standstill (§ 134 GWB)",
  })
  @ApiOkResponse({ type: ConcludeContractsResultDto })
  @ApiBadRequestResponse({
    description: 'VALIDATION_FAILED: bad fields; INVALID_CONTRACT_TERM: a term that ends before it begins',
  })
  @ApiConflictResponse({
    description:
      'STANDSTILL_RUNNING: the standstill runs (with the earliest date); LOT_NOT_AWARDED: the lot is not awarded; ' +
      'CONTRACTS_CONCLUDED: done already',
  })
  conclude(
    @CurrentUser() user: AuthUser,
    @Param() path: LotPathDto,
    @Body() dto: ConcludeContractDto,
  ): Promise<ConcludeContractsResultDto> {
    return this.contracts.conclude(user, path.id, path.lotId, dto);
  }

  @Get('tenders/:id/contracts')
  @Roles(Role.Coordinator, Role.Buyer, Role.Supplier)
  @ApiOperation({
    summary: "The tender's contracts: all for its coordinator, its own for a buyer, those it holds for a supplier",
  })
  @ApiOkResponse({ type: ContractsDto })
  ofTender(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<ContractsDto> {
    return this.contracts.ofTender(user, id);
  }

  @Get('contracts')
  @Roles(Role.Coordinator, Role.Buyer, Role.Supplier)
  @ApiOperation({ summary: "The contracts of the caller's organisation, as buyer or as supplier, newest first" })
  @ApiOkResponse({ type: ContractPageDto })
  async mine(@CurrentUser() user: AuthUser, @Query() query: PageQueryDto): Promise<ContractPageDto> {
    const page = pageRequest(query);
    const { items, total } = await this.contracts.mine(user, page.limit, page.offset);
    return { items, page: page.page, pageSize: page.pageSize, total };
  }
}
