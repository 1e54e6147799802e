import { Body, Controller, Delete, Get, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, Role, Roles } from '@buendel/auth';
import { UuidParam } from '@buendel/http';
import { BundleMatchListDto } from '../../bundles/http/dto/bundle.dto';
import { BundlesService } from '../../bundles/bundles.service';
import { DemandsService } from '../demands.service';
import { CreateDemandDto, DemandDto, DemandPageDto, DemandQueryDto, UpdateDemandDto } from './dto/demand.dto';

@ApiTags('demands')
@Controller('demands')
export class DemandsController {
  constructor(
    private readonly demands: DemandsService,
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
