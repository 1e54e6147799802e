import { Module } from '@nestjs/common';
import { CoordinationRepository } from './coordination.repository';
import { CoordinationService } from './coordination.service';
import { UsersRepository } from './users.repository';

/**
 * What other contexts use of identity, provided once: the coordination of districts and the
 * statements on users. The API
 * (IdentityModule) and the bundling services of API and worker (BundlingCoreModule) import
 * this module instead of providing CoordinationService themselves. Needs the global
 * Persistence and Audit modules.
 */
@Module({
  providers: [CoordinationRepository, CoordinationService, UsersRepository],
  exports: [CoordinationService, UsersRepository],
})
export class IdentityCoreModule {}
