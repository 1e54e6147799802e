import { MigrationInterface } from 'typeorm';
import { Identity1795436586026 } from './1795436586026-Identity';
import { ReferenceSearch1795437400000 } from './1795437400000-ReferenceSearch';
import { BundlingCore1795454125021 } from './1795454125021-BundlingCore';
import { Tendering1795455136417 } from './1795455136417-Tendering';
import { OfferReceiptSalt1796156901850 } from './1796156901850-OfferReceiptSalt';
import { TokenRevocation1796157460593 } from './1796157460593-TokenRevocation';
import { DemandImports1796158431213 } from './1796158431213-DemandImports';
import { EformsNotices1796159077962 } from './1796159077962-EformsNotices';
import { ContractsAndStandstill1796172671797 } from './1796172671797-ContractsAndStandstill';
import { CriteriaOnLots1796173790062 } from './1796173790062-CriteriaOnLots';
import { ValuedCriteria1796174852467 } from './1796174852467-ValuedCriteria';
import { Mails1796176365518 } from './1796176365518-Mails';
import { LettersMailedByMails1796177624393 } from './1796177624393-LettersMailedByMails';
import { OpeningByTwo1796178918756 } from './1796178918756-OpeningByTwo';
import { ProductSpecifications1796214653613 } from './1796214653613-ProductSpecifications';
import { SupplierEvidence1796214753613 } from './1796214753613-SupplierEvidence';
import { UserNames1796215267282 } from './1796215267282-UserNames';
import { Frameworks1796217591984 } from './1796217591984-Frameworks';
import { EvidenceClaimsAndLegalDates1796217805005 } from './1796217805005-EvidenceClaimsAndLegalDates';
import { JoinMandates1796224708326 } from './1796224708326-JoinMandates';
import { DemandListIndex1796309971562 } from './1796309971562-DemandListIndex';
import { RefuseUnless1796348975768 } from './1796348975768-RefuseUnless';

/**
 * Every migration, in order. `npm run migration:generate -- <Name>` writes a new file
 * here; add its class to this list (kept explicit so that tests and the build load
 * exactly the same set).
 */
export const MIGRATIONS: Array<new () => MigrationInterface> = [
  Identity1795436586026,
  ReferenceSearch1795437400000,
  BundlingCore1795454125021,
  Tendering1795455136417,
  OfferReceiptSalt1796156901850,
  TokenRevocation1796157460593,
  DemandImports1796158431213,
  EformsNotices1796159077962,
  ContractsAndStandstill1796172671797,
  CriteriaOnLots1796173790062,
  ValuedCriteria1796174852467,
  Mails1796176365518,
  LettersMailedByMails1796177624393,
  OpeningByTwo1796178918756,
  ProductSpecifications1796214653613,
  SupplierEvidence1796214753613,
  UserNames1796215267282,
  Frameworks1796217591984,
  EvidenceClaimsAndLegalDates1796217805005,
  JoinMandates1796224708326,
  DemandListIndex1796309971562,
  RefuseUnless1796348975768,
];
