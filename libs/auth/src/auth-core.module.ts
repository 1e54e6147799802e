import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { AccessGuard } from './access.guard';
import { JWT_ALGORITHM, JWT_AUDIENCE, JWT_ISSUER } from './jwt.constants';
import { JwtStrategy } from './jwt.strategy';
import { SessionRevocations } from './session-revocations';
import { UserStateCache } from './user-state';

/** Token verification, the users' current state and the global access guard. */
@Global()
@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.JWT_SECRET,
        signOptions: {
          algorithm: JWT_ALGORITHM,
          issuer: JWT_ISSUER,
          audience: JWT_AUDIENCE,
          expiresIn: config.JWT_EXPIRES_IN_SECONDS,
        },
        verifyOptions: { algorithms: [JWT_ALGORITHM], issuer: JWT_ISSUER, audience: JWT_AUDIENCE },
      }),
    }),
  ],
  providers: [JwtStrategy, UserStateCache, SessionRevocations, { provide: APP_GUARD, useClass: AccessGuard }],
  exports: [JwtModule, UserStateCache, SessionRevocations],
})
export class AuthCoreModule {}
