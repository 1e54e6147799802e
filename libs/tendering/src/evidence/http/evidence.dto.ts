import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import {
  EVIDENCE_KINDS,
  EVIDENCE_VERDICTS,
  EvidenceState,
  EvidenceVerdict,
  EvidenceVerification,
} from '@buendel/domain';
import { IsCalendarDate, PageMetaDto, PageQueryDto, Trim } from '@buendel/http';

/** the text fields of an evidence upload (multipart/form-data, beside the `file` part) */
export class CreateEvidenceDto {
  @ApiProperty({ enum: EVIDENCE_KINDS, example: 'LKSG_ANNUAL_REPORT' })
  @IsIn(EVIDENCE_KINDS)
  kind!: string;

  @ApiPropertyOptional({ example: 'LkSG-Bericht 2025', description: 'default: the kind in words' })
  @IsOptional()
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  title?: string;

  @ApiProperty({ example: 'Bundesamt für Wirtschaft und Ausfuhrkontrolle', description: 'who issued or received it' })
  @Trim()
  @IsString({ message: 'is required' })
  @IsNotEmpty()
  @MaxLength(200)
  issuer!: string;

  @ApiProperty({ example: 'BAFA-LKSG-2025-00421', description: 'certificate, licence, register or file number' })
  @Trim()
  @IsString({ message: 'is required' })
  @IsNotEmpty()
  @MaxLength(100)
  number!: string;

  @ApiProperty({ example: '2026-01-01', description: 'first valid day' })
  @IsCalendarDate()
  validFrom!: string;

  @ApiPropertyOptional({ example: '2026-12-31', description: 'last valid day; empty: valid without end' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === '' ? undefined : value))
  @IsCalendarDate()
  validTo?: string;
}

export class EvidenceQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'also the withdrawn pieces' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'must be true or false' })
  withdrawn?: boolean;
}

export class EvidenceFileDto {
  @ApiProperty({ example: 'lksg-bericht-2025.pdf' }) name!: string;
  @ApiProperty({ enum: ['application/pdf', 'image/png', 'image/jpeg'] }) mediaType!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty({ description: 'SHA-256 of the file (hex)' }) sha256!: string;
}

export class EvidenceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: EVIDENCE_KINDS }) kind!: string;
  @ApiProperty({ description: 'the kind in words (German)' }) kindLabel!: string;
  @ApiProperty() title!: string;
  @ApiProperty() issuer!: string;
  @ApiProperty() number!: string;
  @ApiProperty({ example: '2026-01-01' }) validFrom!: string;
  @ApiProperty({ type: String, nullable: true, example: '2026-12-31' }) validTo!: string | null;
  @ApiProperty({
    enum: ['not-yet-valid', 'valid', 'expiring', 'expired'],
    description: 'today: expiring within 30 days, expired after its last valid day',
  })
  state!: EvidenceState;
  @ApiProperty({ type: EvidenceFileDto }) file!: EvidenceFileDto;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) withdrawnAt!: string | null;
}

export class EvidencePageDto extends PageMetaDto {
  @ApiProperty({ type: [EvidenceDto] }) items!: EvidenceDto[];
}

export class VerifyEvidenceDto {
  @ApiProperty({
    enum: EVIDENCE_VERDICTS,
    description: 'checked (geprüft), doubtful (zweifelhaft), refused (zurückgewiesen)',
  })
  @IsIn(EVIDENCE_VERDICTS)
  verification!: EvidenceVerdict;

  @ApiPropertyOptional({ example: 'Zertifikat beim Aussteller bestätigt (Telefonat 02.12.2026)' })
  @IsOptional()
  @Trim()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class EvidenceClaimEvidenceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty() title!: string;
  @ApiProperty() issuer!: string;
  @ApiProperty() number!: string;
  @ApiProperty() validFrom!: string;
  @ApiProperty({ type: String, nullable: true }) validTo!: string | null;
  @ApiProperty({ enum: ['pending', 'checked', 'doubtful', 'refused'] }) verification!: EvidenceVerification;
  @ApiProperty({ description: 'the verification in words (German)' }) verificationLabel!: string;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: String, nullable: true }) verifiedAt!: string | null;
}

export class EvidenceClaimDto {
  @ApiProperty({ format: 'uuid' }) lotId!: string;
  @ApiProperty() lotKey!: string;
  @ApiProperty({ format: 'uuid' }) offerId!: string;
  @ApiProperty({ format: 'uuid' }) supplierOrganisationId!: string;
  @ApiProperty() supplierName!: string;
  @ApiProperty({ description: 'the criterion claimed' }) code!: string;
  @ApiProperty({ enum: ['verified', 'self-declared'], description: 'self-declared unless its evidence is checked' })
  standing!: 'verified' | 'self-declared';
  @ApiProperty({ type: EvidenceClaimEvidenceDto, nullable: true, description: 'null: declared without evidence' })
  evidence!: EvidenceClaimEvidenceDto | null;
}

export class EvidenceClaimsDto {
  @ApiProperty({ format: 'uuid' }) tenderId!: string;
  @ApiProperty({ type: [EvidenceClaimDto] }) items!: EvidenceClaimDto[];
}
