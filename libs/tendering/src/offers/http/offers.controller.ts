import { Body, Controller, Get, Post, Res } from '@nestjs/common';
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
import { OfferReceiptDto, OpenedOffersDto, OwnOfferReceiptsDto, SubmitOfferDto } from '../offer.dto';
import { OffersService } from '../offers.service';

/** Sealed offers: submission by suppliers until the deadline, reading by the coordinator after the opening. */
@ApiTags('tenders')
@Controller()
export class OffersController {
  constructor(private readonly offers: OffersService) {}

  @Post('tenders/:id/offers')
  @Roles(Role.Supplier)
  @ApiOperation({ summary: 'Submit or replace your sealed offer for a lot, until the submission deadline' })
  @ApiCreatedResponse({ type: OfferReceiptDto, description: 'submitted' })
  @ApiOkResponse({ type: OfferReceiptDto, description: 'replaced your earlier offer for the lot' })
  @ApiBadRequestResponse({
    description:
      'VALIDATION_FAILED: bad fields; INVALID_OFFER: a lot or item of another tender, an item without a price, ' +
      'criteria the tender does not ask for, each field with its code, and with them any bad fields of the ' +
      'same request (one answer names all)',
  })
  @ApiConflictResponse({ description: 'SUBMISSION_CLOSED: the submission deadline has passed' })
  async submitOffer(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() dto: SubmitOfferDto,
    @Res({ passthrough: true }) reply: { status(code: number): unknown },
  ): Promise<OfferReceiptDto> {
    const { receipt, created } = await this.offers.submit(user, id, dto);
    reply.status(created ? 201 : 200);
    return receipt;
  }

  @Get('tenders/:id/offers/mine')
  @Roles(Role.Supplier)
  @ApiOperation({ summary: 'Your receipts for a published tender: the latest version per lot with its digest' })
  @ApiOkResponse({ type: OwnOfferReceiptsDto })
  @ApiNotFoundResponse({ description: 'no such published tender' })
  ownOffers(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<OwnOfferReceiptsDto> {
    return this.offers.own(user, id);
  }

  @Get('tenders/:id/offers')
  @Roles(Role.Coordinator)
  @ApiOperation({ summary: 'The opened offers with their evaluation (its coordinator, after the submission deadline)' })
  @ApiOkResponse({ type: OpenedOffersDto })
  @ApiConflictResponse({ description: 'the offers are sealed until the submission deadline' })
  openedOffers(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<OpenedOffersDto> {
    return this.offers.opened(user, id);
  }
}
