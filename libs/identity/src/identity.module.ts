import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CoordinationAssignmentEntity, OrganisationEntity, UserEntity } from '@buendel/persistence';
import { AuthService } from './auth.service';
import { IdentityCoreModule } from './identity-core.module';
import { AuthController } from './http/auth.controller';
import { OrganisationsController } from './http/organisations.controller';
import { SuppliersController } from './http/suppliers.controller';
import { AddressLimitModule } from './http/limit-per-address';
import { LoginRateLimiter } from './login-rate-limiter';
import { MailPreferencesController } from './mail-preferences/mail-preferences.controller';
import { MailPreferencesService } from './mail-preferences/mail-preferences.service';
import { OrganisationsService } from './organisations.service';
import { PasswordHasher } from './password-hasher';
import { DemoDataTask } from './startup/demo-data.task';
import { PlatformAdminTask } from './startup/platform-admin.task';

/**
 * Organisations, users, login and coordination. Needs the global AuthCoreModule (JWT),
 * AuditModule and QueueModule (REDIS_CLIENT) of the API.
 */
@Module({
  imports: [
    IdentityCoreModule,
    TypeOrmModule.forFeature([OrganisationEntity, UserEntity, CoordinationAssignmentEntity]),
    AddressLimitModule,
  ],
  controllers: [AuthController, MailPreferencesController, SuppliersController, OrganisationsController],
  providers: [
    PasswordHasher,
    LoginRateLimiter,
    MailPreferencesService,
    AuthService,
    OrganisationsService,
    PlatformAdminTask,
    DemoDataTask,
  ],
  exports: [IdentityCoreModule, OrganisationsService, PasswordHasher],
})
export class IdentityModule {}
