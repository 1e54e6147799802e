import { Controller, Get } from '@nestjs/common';
import {
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, Role, Roles } from '@buendel/auth';
import { areOffersOpened } from '@buendel/domain';
import { UuidParam } from '@buendel/http';
import { ContractsDto, InformationLettersDto } from '../../contracts/http/contract.dto';
import { ContractsService } from '../../contracts/contracts.service';
import { InformationLettersService } from '../../contracts/information-letters.service';
import { TenderDto } from '../../tenders/http/tender.dto';
import { TendersService } from '../../tenders/tenders.service';
import { OpenedOffersDto } from '../offer.dto';
import { OffersService } from '../offers.service';

export class TenderEvaluationDto {
  @ApiProperty({ type: TenderDto }) tender!: TenderDto;
  @ApiPropertyOptional({ type: OpenedOffersDto, description: 'once the offers are opened (opened or awarded)' })
  offers?: OpenedOffersDto;
  @ApiPropertyOptional({ type: InformationLettersDto, description: 'once the offers are opened' })
  informationLetters?: InformationLettersDto;
  @ApiPropertyOptional({ type: ContractsDto, description: 'once the offers are opened' })
  contracts?: ContractsDto;
}

/**
 * The evaluation page's data in one answer: the tender and, once its offers are opened, the
 * offers evaluated, the information letters and the contracts, each as its own route answers
 * it. One request instead of the tender first and the other three after it (issue 13).
 */
@ApiTags('tenders')
@Controller()
export class TenderEvaluationController {
  constructor(
    private readonly tenders: TendersService,
    private readonly offers: OffersService,
    private readonly letters: InformationLettersService,
    private readonly contracts: ContractsService,
  ) {}

  @Get('tenders/:id/evaluation')
  @Roles(Role.Coordinator)
  @ApiOperation({
    summary:
      'The evaluation of a tender (its coordinator): the tender, and once the offers are opened the offers evaluated, the information letters and the contracts',
  })
  @ApiOkResponse({ type: TenderEvaluationDto })
  @ApiNotFoundResponse({ description: 'no such tender of yours' })
  async evaluation(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<TenderEvaluationDto> {
    const tender = await this.tenders.get(user, id);
    if (!areOffersOpened(tender.status)) return { tender };
    const [offers, informationLetters, contracts] = await Promise.all([
      this.offers.opened(user, id),
      this.letters.list(user, id),
      this.contracts.ofTender(user, id),
    ]);
    return { tender, offers, informationLetters, contracts };
  }
}
