import { Module } from '@nestjs/common';
import { CpvController } from './cpv/cpv.controller';
import { CpvService } from './cpv/cpv.service';
import { ReferenceDataLoader } from './loader/reference-data.loader';
import { OrganisationDirectoryController } from './organisations/organisation-directory.controller';
import { OrganisationDirectoryService } from './organisations/organisation-directory.service';
import { ReferenceDataRepository } from './reference-data.repository';
import { UnitsController } from './units/units.controller';
import { UnitsService } from './units/units.service';

/** CPV codes, units and public bodies: the start-up loader and the look-ups */
@Module({
  controllers: [CpvController, OrganisationDirectoryController, UnitsController],
  providers: [ReferenceDataLoader, ReferenceDataRepository, CpvService, OrganisationDirectoryService, UnitsService],
  exports: [ReferenceDataLoader, ReferenceDataRepository, CpvService, OrganisationDirectoryService, UnitsService],
})
export class ReferenceDataModule {}
