import { AuditEventEntity } from './audit-event.entity';
import { BundleAggregateEntity, BundleEntity, BundleParticipationEntity, JoinMandateEntity } from './bundle.entity';
import { EuThresholdEntity, SustainabilityCriterionEntity } from './catalogue.entities';
import { TenderContractEntity, TenderInformationLetterEntity } from './contract.entities';
import { DemandEntity } from './demand.entity';
import { DemandImportChunkEntity, DemandImportEntity } from './demand-import.entity';
import { EformsNoticeEntity } from './eforms-notice.entity';
import { AwardEvidenceClaimEntity, SupplierEvidenceEntity } from './evidence.entities';
import {
  FrameworkCallOffEntity,
  FrameworkCallOffItemEntity,
  FrameworkCallOffOfferEntity,
  FrameworkDeliveryEntity,
  FrameworkEntity,
  FrameworkQuantityEntity,
  FrameworkSupplierEntity,
  TenderFrameworkEntity,
} from './framework.entities';
import { MailEntity } from './mail.entity';
import { NotificationEntity } from './notification.entity';
import { OutboxEntity } from './outbox.entity';
import { MarketDemandCellEntity, MarketSnapshotEntity, SupplierSubscriptionEntity } from './market.entities';
import {
  OfferEntity,
  TenderAllocationEntity,
  TenderAwardEntity,
  TenderCriterionEntity,
  TenderEntity,
  TenderItemEntity,
  TenderItemShareEntity,
  TenderLotEntity,
} from './tender.entities';
import { CoordinationAssignmentEntity } from './coordination-assignment.entity';
import { OrganisationEntity } from './organisation.entity';
import { CpvCodeEntity, ReferenceDataLoadEntity, UnitEntity } from './reference.entities';
import { UserEntity } from './user.entity';

export * from './audit-event.entity';
export * from './bundle.entity';
export * from './catalogue.entities';
export * from './contract.entities';
export * from './demand.entity';
export * from './demand-import.entity';
export * from './eforms-notice.entity';
export * from './evidence.entities';
export * from './framework.entities';
export * from './mail.entity';
export * from './notification.entity';
export * from './outbox.entity';
export * from './market.entities';
export * from './tender.entities';
export * from './coordination-assignment.entity';
export * from './organisation.entity';
export * from './reference.entities';
export * from './user.entity';

export type EntityClass = new (...args: never[]) => object;

/**
 * Every TypeORM entity of Bündel. The one data source (runtime and migration CLI) is
 * built from this list.
 */
export const ENTITIES: EntityClass[] = [
  OrganisationEntity,
  CoordinationAssignmentEntity,
  UserEntity,
  CpvCodeEntity,
  UnitEntity,
  ReferenceDataLoadEntity,
  AuditEventEntity,
  EuThresholdEntity,
  SustainabilityCriterionEntity,
  DemandEntity,
  DemandImportEntity,
  DemandImportChunkEntity,
  BundleEntity,
  BundleParticipationEntity,
  JoinMandateEntity,
  BundleAggregateEntity,
  OutboxEntity,
  NotificationEntity,
  TenderEntity,
  TenderLotEntity,
  TenderItemEntity,
  TenderItemShareEntity,
  TenderCriterionEntity,
  OfferEntity,
  TenderAwardEntity,
  TenderAllocationEntity,
  TenderInformationLetterEntity,
  TenderContractEntity,
  SupplierSubscriptionEntity,
  MarketDemandCellEntity,
  MarketSnapshotEntity,
  EformsNoticeEntity,
  MailEntity,
  SupplierEvidenceEntity,
  TenderFrameworkEntity,
  FrameworkEntity,
  FrameworkSupplierEntity,
  FrameworkQuantityEntity,
  FrameworkCallOffEntity,
  FrameworkCallOffItemEntity,
  FrameworkCallOffOfferEntity,
  FrameworkDeliveryEntity,
  AwardEvidenceClaimEntity,
];
