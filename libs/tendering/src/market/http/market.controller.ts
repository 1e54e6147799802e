import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, Role, Roles } from '@buendel/auth';
import { UuidParam } from '@buendel/http';
import { TenderDto } from '../../tenders/http/tender.dto';
import { TendersService } from '../../tenders/tenders.service';
import { MarketService } from '../market.service';
import {
  CreateSubscriptionDto,
  MarketDemandPageDto,
  MarketDemandQueryDto,
  MarketTenderPageDto,
  MarketTenderQueryDto,
  SubscriptionDto,
  SubscriptionListDto,
} from './market.dto';

@ApiTags('market')
@Controller('market')
export class MarketController {
  constructor(
    private readonly market: MarketService,
    private readonly tenderViews: TendersService,
  ) {}

  @Get('demand')
  @Roles(Role.Supplier)
  @ApiOperation({
    summary: 'Aggregated, anonymous demand by CPV, region and delivery quarter (no cell under three organisations)',
  })
  @ApiOkResponse({ type: MarketDemandPageDto })
  demand(@Query() query: MarketDemandQueryDto): Promise<MarketDemandPageDto> {
    return this.market.demand(query);
  }

  @Get('tenders')
  @Roles(Role.Supplier)
  @ApiOperation({ summary: 'Published joint tenders' })
  @ApiOkResponse({ type: MarketTenderPageDto })
  tenders(@Query() query: MarketTenderQueryDto): Promise<MarketTenderPageDto> {
    return this.market.tenders(query);
  }

  @Get('tenders/:id')
  @Roles(Role.Supplier)
  @ApiOperation({
    summary: 'A published tender for bidders: lots, items with quantities and delivery places, criteria per phase',
  })
  @ApiOkResponse({ type: TenderDto })
  @ApiNotFoundResponse({ description: 'no such tender, or one that is not published (a draft)' })
  tender(@UuidParam() id: string): Promise<TenderDto> {
    return this.tenderViews.published(id);
  }

  @Post('subscriptions')
  @Roles(Role.Supplier)
  @ApiOperation({ summary: 'Be notified of tenders published for these CPV prefixes (and districts)' })
  @ApiCreatedResponse({ type: SubscriptionDto })
  subscribe(@CurrentUser() user: AuthUser, @Body() dto: CreateSubscriptionDto): Promise<SubscriptionDto> {
    return this.market.subscribe(user, dto);
  }

  @Get('subscriptions')
  @Roles(Role.Supplier)
  @ApiOperation({ summary: "Your organisation's subscriptions" })
  @ApiOkResponse({ type: SubscriptionListDto })
  subscriptions(@CurrentUser() user: AuthUser): Promise<SubscriptionListDto> {
    return this.market.subscriptions(user);
  }

  @Delete('subscriptions/:id')
  @HttpCode(204)
  @Roles(Role.Supplier)
  @ApiOperation({ summary: 'End a subscription' })
  @ApiNoContentResponse()
  unsubscribe(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<void> {
    return this.market.unsubscribe(user, id);
  }
}
