import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { OrganisationEntity } from './organisation.entity';

/**
 * A larger town, a city or a central purchasing body coordinates for the districts an
 * admin assigns to it. (A district coordinates for its own municipalities without one.)
 */
@Entity('coordination_assignments')
export class CoordinationAssignmentEntity {
  @PrimaryColumn({ name: 'coordinator_organisation_id', type: 'uuid' })
  coordinatorOrganisationId!: string;

  @ManyToOne(() => OrganisationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({
    name: 'coordinator_organisation_id',
    foreignKeyConstraintName: 'FK_coordination_assignments_organisation',
  })
  coordinator?: OrganisationEntity;

  @PrimaryColumn({ name: 'district_key', type: 'char', length: 5 })
  districtKey!: string;

  @Column({ name: 'assigned_by', type: 'uuid', nullable: true })
  assignedBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
