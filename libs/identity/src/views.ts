import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { centsToEur } from '@buendel/domain';
import { PageMetaDto } from '@buendel/http';
import { OrganisationEntity, OrganisationType, PostalAddress, UserEntity, UserRole } from '@buendel/persistence';

export class OrganisationView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: OrganisationType }) type!: OrganisationType;
  @ApiProperty() name!: string;
  @ApiProperty({ type: String, nullable: true, example: '14524330' }) ags!: string | null;
  @ApiProperty({ type: String, nullable: true, example: '14524' }) districtKey!: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'DED45' }) nuts3!: string | null;
  @ApiProperty({ type: Number, nullable: true }) population!: number | null;
  @ApiPropertyOptional({ description: 'suppliers only' }) vatId?: string;
  @ApiPropertyOptional({ description: 'suppliers only' }) address?: PostalAddress;
  @ApiPropertyOptional({ description: 'suppliers, and public bodies that set their contact' }) contactName?: string;
  @ApiPropertyOptional({ description: 'the contact point named in public notices' }) contactEmail?: string;
  @ApiPropertyOptional() contactPhone?: string;
  @ApiPropertyOptional() website?: string;
  @ApiPropertyOptional({ enum: ['micro', 'small', 'medium', 'large'], description: 'suppliers only' })
  companySize?: string;
  @ApiPropertyOptional({
    description:
      'public bodies that set it: above this value (net EUR) a join needs a decision of the council or mayor; ' +
      "shown to the organisation's own users and admins only",
  })
  joinMandateAboveEur?: number;
}

export class UserView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Katrin Weber', description: 'the display name' }) name!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ['buyer', 'coordinator', 'supplier', 'admin'] }) role!: UserRole;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
}

export class UserDetailView extends UserView {
  @ApiProperty() active!: boolean;
  @ApiProperty() createdAt!: string;
}

export class UserPageView extends PageMetaDto {
  @ApiProperty({ type: [UserDetailView] }) items!: UserDetailView[];
}

/**
 * `internal`: whether the reader may see what is the organisation's own business (its rule for
 * the mandate to join); false for a user of another organisation reading a public body.
 */
export function toOrganisationView(o: OrganisationEntity, internal = true): OrganisationView {
  const view: OrganisationView = {
    id: o.id,
    type: o.type,
    name: o.name,
    ags: o.ags,
    districtKey: o.districtKey,
    nuts3: o.nuts3,
    population: o.population,
  };
  if (o.type === OrganisationType.Supplier && o.vatId) view.vatId = o.vatId;
  if (o.type === OrganisationType.Supplier && o.companySize) view.companySize = o.companySize;
  // the address and contact point are what public notices name: shown where set
  if (o.address) view.address = o.address;
  if (o.contactName) view.contactName = o.contactName;
  if (o.contactEmail) view.contactEmail = o.contactEmail;
  if (o.contactPhone) view.contactPhone = o.contactPhone;
  if (o.website) view.website = o.website;
  if (internal && o.joinMandateAboveCents !== null)
    view.joinMandateAboveEur = centsToEur(Number(o.joinMandateAboveCents));
  return view;
}

export function toUserView(u: UserEntity): UserView {
  return { id: u.id, name: u.name, email: u.email, role: u.role, organisationId: u.organisationId };
}

export function toUserDetailView(u: UserEntity): UserDetailView {
  return { ...toUserView(u), active: u.active, createdAt: u.createdAt.toISOString() };
}
