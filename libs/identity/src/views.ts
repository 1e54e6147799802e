import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
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
  @ApiPropertyOptional({ description: 'suppliers only' }) contactName?: string;
}

export class UserView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty({ enum: ['buyer', 'coordinator', 'supplier', 'admin'] }) role!: UserRole;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
}

export class UserDetailView extends UserView {
  @ApiProperty() active!: boolean;
  @ApiProperty() createdAt!: string;
}

export function toOrganisationView(o: OrganisationEntity): OrganisationView {
  const view: OrganisationView = {
    id: o.id,
    type: o.type,
    name: o.name,
    ags: o.ags,
    districtKey: o.districtKey,
    nuts3: o.nuts3,
    population: o.population,
  };
  if (o.type === OrganisationType.Supplier) {
    if (o.vatId) view.vatId = o.vatId;
    if (o.address) view.address = o.address;
    if (o.contactName) view.contactName = o.contactName;
  }
  return view;
}

export function toUserView(u: UserEntity): UserView {
  return { id: u.id, email: u.email, role: u.role, organisationId: u.organisationId };
}

export function toUserDetailView(u: UserEntity): UserDetailView {
  return { ...toUserView(u), active: u.active, createdAt: u.createdAt.toISOString() };
}
