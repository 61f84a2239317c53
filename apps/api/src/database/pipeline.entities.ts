import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * Mapping rules (libs/mapping `MappingRulesInput`) of one Visma company (target connection), as the admin saved
 * them: they describe that company's chart of accounts, so every flow posting into it shares them.
 */
@Entity('mapping_config')
export class MappingConfigEntity {
  @PrimaryColumn('uuid') targetConnectionId!: string;
  @Column('jsonb') rules!: object;
  @Column('varchar', { length: 200 }) updatedBy!: string;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

/** A webhook subscription we registered at a shop, and what the last health check found. */
@Entity('webhook_subscription')
export class WebhookSubscriptionEntity {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column('uuid') connectionId!: string;
  @Column('varchar', { length: 100 }) scope!: string;
  @Column('varchar', { length: 500 }) destination!: string;
  @Column('varchar', { length: 100, nullable: true }) externalId!: string | null;
  @Column('boolean', { default: false }) isActive!: boolean;
  @Column('timestamptz', { nullable: true }) lastCheckedAt!: Date | null;
  @Column('text', { nullable: true }) lastProblem!: string | null;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

/** A remembered match: shop customer (by e-mail) → Visma customer number, so returning customers cost no call. */
@Entity('customer_link')
export class CustomerLinkEntity {
  @PrimaryColumn('uuid') sourceConnectionId!: string;
  @PrimaryColumn('varchar', { length: 300 }) sourceKey!: string;
  @PrimaryColumn('uuid') targetConnectionId!: string;
  @Column('varchar', { length: 100 }) targetCustomerNumber!: string;
  @UpdateDateColumn({ type: 'timestamptz' }) updatedAt!: Date;
}

export const PIPELINE_ENTITIES = [MappingConfigEntity, WebhookSubscriptionEntity, CustomerLinkEntity];
