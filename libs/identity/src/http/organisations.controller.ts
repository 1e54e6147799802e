import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import { ALL_ROLES, AuthUser, CurrentUser, Role, Roles } from '@buendel/auth';
import { ValidationException } from '@buendel/errors';
import { CoordinationService } from '../coordination.service';
import { OrganisationsService } from '../organisations.service';
import { isSameOrganisation } from '../tenant-isolation';
import { OrganisationView, toOrganisationView, UserDetailView, UserPageView } from '../views';
import {
  AssignDistrictsDto,
  CoordinatedDistrictsResponse,
  CreateOrganisationDto,
  CreateUserDto,
  UpdateUserDto,
  UserPathDto,
  UserQueryDto,
} from './dto/organisation.dto';
import { UuidParam } from '@buendel/http';
import { JoinMandateRuleDto, UpdateOrganisationContactDto } from './dto/organisation-contact.dto';

@ApiTags('organisations')
@Controller('organisations')
export class OrganisationsController {
  constructor(
    private readonly organisations: OrganisationsService,
    private readonly coordination: CoordinationService,
  ) {}

  @Post()
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'Create a central purchasing body (the other public bodies come from the reference data)' })
  @ApiCreatedResponse({ type: OrganisationView })
  create(@Body() dto: CreateOrganisationDto): Promise<OrganisationView> {
    return this.organisations.createCentralPurchasingBody(dto);
  }

  @Get(':id')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary: 'One organisation: public bodies for everyone, a supplier for its own users and admins',
    description:
      "The rule for the mandate to join (joinMandateAboveEur) only for the organisation's own users and admins.",
  })
  @ApiOkResponse({ type: OrganisationView })
  @ApiNotFoundResponse({ description: 'unknown, or a supplier organisation that is not yours' })
  async findOne(@CurrentUser() user: AuthUser, @UuidParam() id: string): Promise<OrganisationView> {
    const organisation = await this.organisations.findVisible(user, id);
    return toOrganisationView(organisation, isSameOrganisation(user, organisation.id, { adminSeesAll: true }));
  }

  @Patch(':id/contact')
  @Roles(...ALL_ROLES)
  @ApiOperation({
    summary: 'Set the address and contact point that public notices (eForms) name: its own users or an admin',
  })
  @ApiOkResponse({ type: OrganisationView })
  @ApiBadRequestResponse({ description: 'invalid fields (every one named), or a company size of a public body' })
  @ApiNotFoundResponse({ description: 'unknown, or not your organisation' })
  async updateContact(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() dto: UpdateOrganisationContactDto,
  ): Promise<OrganisationView> {
    return toOrganisationView(await this.organisations.updateContact(user, id, dto));
  }

  @Put(':id/join-mandate')
  @Roles(Role.Buyer, Role.Coordinator, Role.Admin)
  @ApiOperation({
    summary: 'Set the value above which a join of your public body needs a decision of its council or mayor',
    description:
      'A join worth more (the organisation’s demands in one bundle) is provisional until the decision is recorded ' +
      '(PUT /bundles/{id}/participations/mine/mandate). Applies to joins from now on.',
  })
  @ApiOkResponse({ type: OrganisationView })
  @ApiBadRequestResponse({ description: 'not an amount, or not a public body' })
  @ApiNotFoundResponse({ description: 'unknown, or not your organisation' })
  async setJoinMandateRule(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Body() dto: JoinMandateRuleDto,
  ): Promise<OrganisationView> {
    return toOrganisationView(await this.organisations.setJoinMandateRule(user, id, dto));
  }

  @Get(':id/users')
  @Roles(Role.Admin, Role.Coordinator)
  @ApiOperation({
    summary: "The organisation's users by e-mail address (admins: any organisation; coordinators: their own)",
  })
  @ApiOkResponse({ type: UserPageView })
  @ApiNotFoundResponse({ description: 'unknown organisation, or not yours' })
  listUsers(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
    @Query() query: UserQueryDto,
  ): Promise<UserPageView> {
    return this.organisations.listUsers(user, id, query);
  }

  @Post(':id/users')
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'Create a user with a role that fits the organisation' })
  @ApiCreatedResponse({ type: UserDetailView })
  @ApiBadRequestResponse({ description: 'invalid fields, or a role that does not fit the organisation (field `role`)' })
  @ApiNotFoundResponse({ description: 'unknown organisation' })
  @ApiConflictResponse({ description: 'a user with this e-mail address exists already' })
  createUser(@UuidParam() id: string, @Body() dto: CreateUserDto): Promise<UserDetailView> {
    return this.organisations.createUser(id, dto);
  }

  @Patch(':id/users/:userId')
  @Roles(Role.Admin)
  @ApiOperation({
    summary: "Deactivate or reactivate a user, or set a new password; the user's earlier tokens stop working at once",
  })
  @ApiOkResponse({ type: UserDetailView })
  @ApiBadRequestResponse({ description: 'invalid fields, or neither active nor password given' })
  @ApiNotFoundResponse({ description: 'no such user in this organisation' })
  @ApiParam({ name: 'userId', format: 'uuid' })
  @ApiParam({ name: 'id', format: 'uuid' })
  updateUser(@Param() path: UserPathDto, @Body() dto: UpdateUserDto): Promise<UserDetailView> {
    return this.organisations.updateUser(path.id, path.userId, dto);
  }

  @Get(':id/coordinated-districts')
  @Roles(...ALL_ROLES)
  @ApiOperation({ summary: 'The districts the organisation coordinates' })
  @ApiOkResponse({ type: CoordinatedDistrictsResponse })
  async coordinatedDistricts(
    @CurrentUser() user: AuthUser,
    @UuidParam() id: string,
  ): Promise<CoordinatedDistrictsResponse> {
    return this.coordination.describe(await this.organisations.findVisible(user, id));
  }

  @Post(':id/coordinated-districts')
  @Roles(Role.Admin)
  @HttpCode(200)
  @ApiOperation({
    summary: 'Assign districts to a larger town, a city or a central purchasing body (adds to the existing ones)',
  })
  @ApiOkResponse({ type: CoordinatedDistrictsResponse })
  @ApiBadRequestResponse({ description: 'a district or supplier organisation, or unknown district keys' })
  assignDistricts(@UuidParam() id: string, @Body() dto: AssignDistrictsDto): Promise<CoordinatedDistrictsResponse> {
    return this.coordination.assign(id, dto.districtKeys);
  }

  @Delete(':id/coordinated-districts/:districtKey')
  @Roles(Role.Admin)
  @ApiOperation({ summary: 'Remove a district assignment' })
  @ApiOkResponse({ type: CoordinatedDistrictsResponse })
  unassignDistrict(
    @UuidParam() id: string,
    @Param('districtKey') districtKey: string,
  ): Promise<CoordinatedDistrictsResponse> {
    if (!/^\d{5}$/.test(districtKey)) {
      throw new ValidationException([{ field: 'districtKey', reason: 'must be a district key (five digits)' }]);
    }
    return this.coordination.unassign(id, districtKey);
  }
}
