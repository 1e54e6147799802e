import { Module } from '@nestjs/common';
import { CoordinationService } from './coordination.service';

/**
 * What other contexts use of identity, provided once: the coordination of districts. The API
 * (IdentityModule) and the bundling services of API and worker (BundlingCoreModule) import
 * this module instead of providing CoordinationService themselves. Needs the global
 * Persistence and Audit modules.
 */
@Module({
  providers: [CoordinationService],
  exports: [CoordinationService],
})
export class IdentityCoreModule {}
