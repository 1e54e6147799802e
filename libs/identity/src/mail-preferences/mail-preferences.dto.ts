import { ApiProperty } from '@nestjs/swagger';
import { Equals, IsBoolean, IsOptional } from 'class-validator';
import { MailCategory } from '@buendel/mail';

const BOOLEAN = { message: 'must be true or false' };

/** PUT /auth/me/mail-preferences: the categories to change (those not named stay as they are) */
export class MailPreferencesDto {
  @ApiProperty({ required: false, description: 'Informationsschreiben (§ 134 GWB): immer true' })
  @IsOptional()
  @Equals(true, {
    message: 'information letters under § 134 GWB are required by law and cannot be unsubscribed',
  })
  [MailCategory.InformationLetters]?: boolean;

  @ApiProperty({ required: false, description: 'neue Bündel, die zu Bedarfen der Organisation passen' })
  @IsOptional()
  @IsBoolean(BOOLEAN)
  [MailCategory.BundleMatches]?: boolean;

  @ApiProperty({ required: false, description: 'Erinnerungen 3 Tage und 1 Tag vor der Beitrittsfrist' })
  @IsOptional()
  @IsBoolean(BOOLEAN)
  [MailCategory.DeadlineReminders]?: boolean;

  @ApiProperty({ required: false, description: 'Angebote einer Ausschreibung wurden geöffnet' })
  @IsOptional()
  @IsBoolean(BOOLEAN)
  [MailCategory.OffersOpened]?: boolean;

  @ApiProperty({ required: false, description: 'Zuschläge' })
  @IsOptional()
  @IsBoolean(BOOLEAN)
  [MailCategory.Awards]?: boolean;

  @ApiProperty({ required: false, description: 'Rahmenvereinbarungen: Höchstmengen fast erreicht, Laufzeitende' })
  @IsOptional()
  @IsBoolean(BOOLEAN)
  [MailCategory.Frameworks]?: boolean;

  @ApiProperty({ required: false, description: 'Nachweise, die bald ablaufen' })
  @IsOptional()
  @IsBoolean(BOOLEAN)
  [MailCategory.Evidence]?: boolean;
}

export class MailPreferenceView {
  @ApiProperty({ enum: MailCategory }) category!: MailCategory;
  @ApiProperty({ description: 'German label' }) label!: string;
  @ApiProperty({ description: 'legally required: always sent, cannot be switched off' }) required!: boolean;
  @ApiProperty() enabled!: boolean;
}

export class MailPreferencesResponse {
  @ApiProperty({ type: [MailPreferenceView] }) items!: MailPreferenceView[];
}
