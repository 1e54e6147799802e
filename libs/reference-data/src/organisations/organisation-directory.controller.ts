import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuthUser, CurrentUser, Role, Roles } from '@buendel/auth';
import { OrganisationPageDto, OrganisationQueryDto } from './organisation-directory.dto';
import { OrganisationDirectoryService } from './organisation-directory.service';

@ApiTags('reference data')
@Controller('organisations')
export class OrganisationDirectoryController {
  constructor(private readonly organisations: OrganisationDirectoryService) {}

  @Get()
  @Roles(Role.Buyer, Role.Coordinator, Role.Supplier, Role.Admin)
  @ApiOperation({
    summary:
      'Organisations: municipalities, districts, cities and central purchasing bodies (suppliers for admins only)',
  })
  @ApiOkResponse({ type: OrganisationPageDto })
  @ApiBadRequestResponse({ description: 'a bad query parameter (problem details with the fields)' })
  list(@Query() query: OrganisationQueryDto, @CurrentUser() user: AuthUser): Promise<OrganisationPageDto> {
    return this.organisations.list(query, user);
  }
}
