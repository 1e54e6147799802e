import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsEnum, IsOptional, Matches } from 'class-validator';
import { OrganisationType } from '@buendel/persistence';
import { PageMetaDto, PageQueryDto, SearchField } from '@buendel/http';

export class OrganisationQueryDto extends PageQueryDto {
  @ApiPropertyOptional({
    description: 'Kreisschlüssel (5 digits): the district and the municipalities in it',
    example: '14524',
    pattern: '^\\d{5}$',
  })
  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'districtKey must be a Kreisschlüssel of 5 digits, e.g. 14524' })
  districtKey?: string;

  @ApiPropertyOptional({
    enum: OrganisationType,
    enumName: 'OrganisationType',
    description: 'suppliers are listed for admins only',
  })
  @IsOptional()
  @IsEnum(OrganisationType)
  type?: OrganisationType;

  @SearchField('part of the name (ranked: exact, prefix, word, similar), or the start of an AGS', 'Zwickau')
  search?: string;
}

export class OrganisationSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ enum: OrganisationType, enumName: 'OrganisationType', example: OrganisationType.Municipality })
  type!: OrganisationType;

  @ApiProperty({ example: 'Callenberg' })
  name!: string;

  @ApiProperty({ type: String, nullable: true, example: '14524020', description: 'AGS (8 digits)' })
  ags!: string | null;

  @ApiProperty({ type: String, nullable: true, example: '14524', description: 'Kreisschlüssel (5 digits)' })
  districtKey!: string | null;

  @ApiProperty({ type: String, nullable: true, example: 'DED45' })
  nuts3!: string | null;

  @ApiProperty({ type: Number, nullable: true, example: 4898 })
  population!: number | null;

  @ApiProperty({ type: String, nullable: true, example: '14', description: 'Bundesland (01 to 16)' })
  landKey!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    example: 'Kreisangehörige Gemeinde',
    description: 'Destatis type, e.g. Landkreis, Kreisfreie Stadt, Große Kreisstadt',
  })
  officialType!: string | null;
}

export class OrganisationPageDto extends PageMetaDto {
  @ApiProperty({ type: [OrganisationSummaryDto] })
  items!: OrganisationSummaryDto[];
}
