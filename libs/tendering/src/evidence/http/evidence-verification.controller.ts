import { Body, Controller, Get, Put, StreamableFile } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { AuthUser, CurrentUser, Role, Roles } from '@buendel/auth';
import { storedFileDownload, UuidParam } from '@buendel/http';
import { EvidenceVerificationService } from '../evidence-verification.service';
import { EvidenceClaimsDto, VerifyEvidenceDto } from './evidence.dto';

/** The coordinator verifies the evidence of awarded offers. */
@ApiTags('evidence')
@Controller('tenders/:id/evidence')
export class EvidenceVerificationController {
  constructor(private readonly verification: EvidenceVerificationService) {}

  @Get()
  @Roles(Role.Coordinator)
  @ApiOperation({
    summary: 'What the awarded offers claim: each criterion with its evidence and verification, or self-declared',
  })
  @ApiOkResponse({ type: EvidenceClaimsDto })
  list(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<EvidenceClaimsDto> {
    return this.verification.list(user, id);
  }

  @Put(':evidenceId')
  @Roles(Role.Coordinator)
  @ApiOperation({ summary: 'Mark a piece of evidence of an awarded offer checked, doubtful or refused, with a note' })
  @ApiOkResponse({ type: EvidenceClaimsDto })
  @ApiBadRequestResponse({ description: 'another verification than checked, doubtful or refused; a note too long' })
  @ApiNotFoundResponse({ description: 'no awarded offer of your tender refers to this evidence' })
  verify(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @UuidParam('evidenceId') evidenceId: string,
    @Body() dto: VerifyEvidenceDto,
  ): Promise<EvidenceClaimsDto> {
    return this.verification.verify(user, id, evidenceId, dto);
  }

  @Get(':evidenceId/file')
  @Roles(Role.Coordinator)
  @ApiOperation({ summary: 'The file of a piece of evidence an awarded offer of your tender refers to' })
  @ApiProduces('application/pdf', 'image/png', 'image/jpeg')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiNotFoundResponse({ description: 'no awarded offer of your tender refers to this evidence' })
  async file(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @UuidParam('evidenceId') evidenceId: string,
  ): Promise<StreamableFile> {
    const { row, stream } = await this.verification.file(user, id, evidenceId);
    return storedFileDownload(row, stream);
  }
}
