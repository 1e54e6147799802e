import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { ALL_ROLES, Role, Roles } from '@buendel/auth';
import { CriteriaService } from '../criteria.service';
import { CreateCriterionDto, CriteriaQueryDto, CriterionDto, CriterionListDto } from './criteria.dto';

@ApiTags('criteria')
@Controller('criteria')
export class CriteriaController {
  constructor(private readonly criteria: CriteriaService) {}

  @Get()
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'The sustainability criteria catalogue, with the tender phases of each criterion' })
  @ApiOkResponse({ type: CriterionListDto })
  list(@Query() query: CriteriaQueryDto): Promise<CriterionListDto> {
    return this.criteria.list(query);
  }

  @Post()
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'Add a criterion to the catalogue' })
  @ApiCreatedResponse({ type: CriterionDto })
  @ApiBadRequestResponse({ description: 'invalid fields' })
  @ApiConflictResponse({ description: 'a criterion with this code exists' })
  create(@Body() dto: CreateCriterionDto): Promise<CriterionDto> {
    return this.criteria.create(dto);
  }
}
