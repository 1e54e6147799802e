import { ApiProperty } from '@nestjs/swagger';
import { CPV_LEVELS } from '../loader/reference-rows';
import { PageMetaDto, PageQueryDto, SearchField } from '@buendel/http';

export class CpvQueryDto extends PageQueryDto {
  @SearchField(
    'German or English words, or a code / code prefix (`3144`, `31440000`, `31440000-2`). ' +
      'Ranked: the exact code, then the codes below it, then label matches. Without it: the divisions.',
    'Batterie',
  )
  search?: string;
}

export class CpvCodeDto {
  @ApiProperty({ example: '31440000-2', description: 'eight digits and the check digit' })
  code!: string;

  @ApiProperty({ example: 'Batterien' })
  labelDe!: string;

  @ApiProperty({ example: 'Batteries' })
  labelEn!: string;

  @ApiProperty({ enum: CPV_LEVELS, example: 'class' })
  level!: string;

  @ApiProperty({ type: String, nullable: true, example: '31400000-0', description: 'null for a division' })
  parentCode!: string | null;
}

export class CpvCodePageDto extends PageMetaDto {
  @ApiProperty({ type: [CpvCodeDto] })
  items!: CpvCodeDto[];
}

export class CpvCodeDetailDto extends CpvCodeDto {
  @ApiProperty({
    type: [CpvCodeDto],
    description: 'the ancestors of the code, division first (empty for a division); the code itself is not repeated',
  })
  path!: CpvCodeDto[];

  @ApiProperty({ type: [CpvCodeDto], description: 'the codes directly below this one' })
  children!: CpvCodeDto[];
}
