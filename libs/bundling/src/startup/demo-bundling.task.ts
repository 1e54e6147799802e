import { Inject, Injectable, Logger } from '@nestjs/common';
import { runWithRequestContext } from '@buendel/audit';
import { AuthUser } from '@buendel/auth';
import { APP_CONFIG, AppConfig } from '@buendel/config';
import { Clock } from '@buendel/clock';
import { DEMO_PUBLIC_BODY_USERS, UsersRepository } from '@buendel/identity';
import { StartupTask, StartupTaskHandler } from '@buendel/persistence';
import { BundlesRepository } from '../bundles/bundles.repository';
import { BundlesService } from '../bundles/bundles.service';
import { ParticipationsService } from '../bundles/participations.service';
import { DemandsService } from '../demands/demands.service';

export const DEMO_BUNDLE_TITLE = 'E-Mobilität Landkreis Zwickau 2027';

/**
 * With DEMO_DATA on, after the demo users: demands of the demo municipalities (e-cars,
 * wallboxes, recycled paper) and an open bundle of Landkreis Zwickau that four of them have
 * joined, made through the services as a person would, so that aggregation, notifications
 * and the audit trail run as in real use. Once: skipped when the demo bundle exists.
 */
@Injectable()
@StartupTask('demo bundle', 95)
export class DemoBundlingTask implements StartupTaskHandler {
  private readonly logger = new Logger('DemoData');

  constructor(
    private readonly users: UsersRepository,
    private readonly bundleRows: BundlesRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly demands: DemandsService,
    private readonly bundles: BundlesService,
    private readonly participations: ParticipationsService,
    private readonly clock: Clock,
  ) {}

  async run(): Promise<void> {
    if (!this.config.DEMO_DATA) return;
    const users = await this.users.byEmails(DEMO_PUBLIC_BODY_USERS.map((u) => u.email));
    const byEmail = new Map(
      users.map((u) => [
        u.email,
        { id: u.id, email: u.email, role: u.role, organisationId: u.organisation_id } as AuthUser,
      ]),
    );
    const coordinator = DEMO_PUBLIC_BODY_USERS.filter((u) => u.role === 'coordinator').flatMap(
      (u) => byEmail.get(u.email) ?? [],
    )[0];
    const buyers = DEMO_PUBLIC_BODY_USERS.filter((u) => u.role === 'buyer').flatMap((u) => byEmail.get(u.email) ?? []);
    if (!coordinator || buyers.length === 0) return;
    if (await this.bundleRows.idByTitle(coordinator.organisationId, DEMO_BUNDLE_TITLE)) return;

    const as = <T>(user: AuthUser, fn: () => Promise<T>) =>
      runWithRequestContext({ userId: user.id, organisationId: user.organisationId }, fn);
    const window = { deliveryFrom: '2027-03-01', deliveryTo: '2027-09-30' };
    const joining: Array<{ user: AuthUser; demandIds: string[] }> = [];
    for (const [i, buyer] of buyers.entries()) {
      const car = await as(buyer, () =>
        this.demands.create(buyer, {
          cpvCode: '34144900-7',
          title: 'Elektro-Kleinwagen für den Bauhof',
          quantity: 1 + (i % 3),
          unit: 'H87',
          unitPriceEur: 31_900,
          criteria: ['ZERO_EMISSION_VEHICLE'],
          ...window,
        }),
      );
      const wallbox = await as(buyer, () =>
        this.demands.create(buyer, {
          cpvCode: '31158000-8',
          title: 'Wallbox 11 kW',
          quantity: 1 + (i % 3),
          unit: 'H87',
          unitPriceEur: 1_450,
          ...window,
        }),
      );
      await as(buyer, () =>
        this.demands.create(buyer, {
          cpvCode: '30197630-1',
          title: 'Recycling-Kopierpapier A4 (Blauer Engel)',
          quantity: 200 + 50 * i,
          unit: 'H87',
          unitPriceEur: 4.29,
          criteria: ['BLAUER_ENGEL'],
          deliveryFrom: '2027-01-01',
          deliveryTo: '2027-12-31',
        }),
      );
      if (i < 4) joining.push({ user: buyer, demandIds: [car.id, wallbox.id] });
    }
    const bundle = await as(coordinator, () =>
      this.bundles.create(coordinator, {
        title: DEMO_BUNDLE_TITLE,
        description: 'Gemeinsame Beschaffung von E-Fahrzeugen und Ladetechnik für die Gemeinden des Landkreises.',
        cpvPrefix: '3414',
        additionalCpvPrefixes: ['3115'],
        joinDeadline: new Date(this.clock.nowMs() + 14 * 86_400_000).toISOString(),
        deliveryFrom: '2027-01-01',
        deliveryTo: '2027-12-31',
        mandatoryCriteria: ['ZERO_EMISSION_VEHICLE'],
        minParticipants: 3,
      }),
    );
    for (const { user, demandIds } of joining)
      await as(user, () => this.participations.join(user, bundle.id, demandIds));
    this.logger.log(`demo bundle "${DEMO_BUNDLE_TITLE}" opened with ${joining.length} participants`);
  }
}
