import { Controller, Get, Param, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { Role, Roles } from '@buendel/auth';
import { CpvCodeDetailDto, CpvCodePageDto, CpvQueryDto } from './cpv.dto';
import { CpvService } from './cpv.service';

@ApiTags('reference data')
@Controller('cpv')
export class CpvController {
  constructor(private readonly cpv: CpvService) {}

  @Get()
  @Roles(Role.Buyer, Role.Coordinator, Role.Supplier, Role.Admin)
  @ApiOperation({
    summary: 'Search the CPV 2008 codes (German or English words, code prefixes); the divisions without a search',
  })
  @ApiOkResponse({ type: CpvCodePageDto })
  @ApiBadRequestResponse({ description: 'a bad query parameter (problem details with the fields)' })
  search(@Query() query: CpvQueryDto): Promise<CpvCodePageDto> {
    return this.cpv.search(query);
  }

  @Get(':code')
  @Roles(Role.Buyer, Role.Coordinator, Role.Supplier, Role.Admin)
  @ApiOperation({ summary: 'One CPV code with its path up the hierarchy and its direct children' })
  @ApiParam({ name: 'code', example: '31440000-2', description: 'with or without the check digit' })
  @ApiOkResponse({ type: CpvCodeDetailDto })
  @ApiBadRequestResponse({ description: 'malformed code or wrong check digit' })
  @ApiNotFoundResponse({ description: 'no such CPV code' })
  get(@Param('code') code: string): Promise<CpvCodeDetailDto> {
    return this.cpv.get(code);
  }
}
