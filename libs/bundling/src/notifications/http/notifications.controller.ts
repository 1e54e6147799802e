import { Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Role, Roles } from '@buendel/auth';
import { UuidParam } from '@buendel/http';
import { NotificationsService } from '../notifications.service';
import { NotificationDto, NotificationPageDto, NotificationQueryDto } from './notification.dto';

@ApiTags('notifications')
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Roles(Role.Buyer, Role.Coordinator, Role.Supplier)
  @ApiOperation({ summary: "Your organisation's notifications, newest first" })
  @ApiOkResponse({ type: NotificationPageDto })
  list(@CurrentUser() user: AuthUser, @Query() query: NotificationQueryDto): Promise<NotificationPageDto> {
    return this.notifications.list(user, query);
  }

  @Post(':id/read')
  @HttpCode(200)
  @Roles(Role.Buyer, Role.Coordinator, Role.Supplier)
  @ApiOperation({ summary: 'Mark a notification read' })
  @ApiOkResponse({ type: NotificationDto })
  @ApiNotFoundResponse({ description: 'no such notification of your organisation' })
  markRead(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<NotificationDto> {
    return this.notifications.markRead(user, id);
  }
}
