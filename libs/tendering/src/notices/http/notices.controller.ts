import { Controller, Get, Param, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { ALL_ROLES, AuthUser, CurrentUser, Roles } from '@buendel/auth';
import { ValidationException } from '@buendel/errors';
import { UuidParam } from '@buendel/http';
import { NoticesService } from '../notices.service';
import { NoticeListDto } from './notice.dto';

const NOTICE_FILE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.xml$/i;

/** The eForms notices of a tender: the coordinator's from the start, everyone's once published. */
@ApiTags('tenders')
@Controller()
export class NoticesController {
  constructor(private readonly notices: NoticesService) {}

  @Get('tenders/:id/notices')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'The eForms notices of a tender (kind, version, notice id, status, created)' })
  @ApiOkResponse({ type: NoticeListDto })
  @ApiNotFoundResponse({ description: 'no such tender, or not published and not yours' })
  list(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<NoticeListDto> {
    return this.notices.list(user, id);
  }

  @Get('tenders/:id/notices/:file')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'One eForms notice as issued (XML, UBL 2.3, eForms SDK 1.15): `{noticeId}.xml`' })
  @ApiProduces('application/xml')
  @ApiOkResponse({ description: 'the notice', schema: { type: 'string' } })
  @ApiBadRequestResponse({ description: 'the file name is not `{noticeId}.xml`' })
  @ApiNotFoundResponse({ description: 'no such notice of this tender' })
  async xml(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Param('file') file: string,
    @Res({ passthrough: true }) reply: { header(name: string, value: string): unknown },
  ): Promise<string> {
    const noticeId = NOTICE_FILE.exec(file)?.[1]?.toLowerCase();
    if (!noticeId)
      throw new ValidationException([
        {
          field: 'noticeId',
          reason: 'must be the id of the notice with .xml, e.g. <uuid>.xml',
          de: 'muss die Kennung der Bekanntmachung mit .xml sein, z. B. <uuid>.xml',
        },
      ]);
    const xml = await this.notices.xml(user, id, noticeId);
    reply.header('content-type', 'application/xml; charset=utf-8');
    reply.header('content-disposition', `inline; filename="${noticeId}.xml"`);
    return xml;
  }
}
