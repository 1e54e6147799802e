import { ApiProperty } from '@nestjs/swagger';

export class NoticeDto {
  @ApiProperty({ description: 'notice identifier (eForms BT-701), a UUID' })
  id!: string;

  @ApiProperty({ enum: ['contract', 'change', 'award'], description: 'contract notice, change notice or award notice' })
  kind!: 'contract' | 'change' | 'award';

  @ApiProperty({ description: '1, 2, 3, ... per tender, in the order issued' })
  version!: number;

  @ApiProperty({ description: 'eForms notice subtype: 16 (contract notice and changes) or 29 (award notice)' })
  subtype!: string;

  @ApiProperty({
    enum: ['ready'],
    description: 'ready: complete, to be submitted to the Datenservice Öffentlicher Einkauf',
  })
  status!: 'ready';

  @ApiProperty({ type: String, nullable: true, description: 'the notice this one changes (BT-758)' })
  changesNoticeId!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ description: 'where the XML is served' })
  xmlPath!: string;
}

export class NoticeListDto {
  @ApiProperty({ type: [NoticeDto] })
  items!: NoticeDto[];
}
