import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SyncRecordEntity } from '../../database/entities';
import { CustomerLinkEntity } from '../../database/pipeline.entities';
import { BigCommerceCustomerHandler } from './bigcommerce-customer.handler';
import { BigCommerceOrderHandler } from './bigcommerce-order.handler';
import { BigCommerceRefundHandler } from './bigcommerce-refund.handler';
import { CustomerResolver } from './customer-resolver.service';

/** Record handlers that post shop records into Visma: orders → customer invoices, refunds → credit notes, customers. */
@Module({
  imports: [TypeOrmModule.forFeature([SyncRecordEntity, CustomerLinkEntity])],
  providers: [CustomerResolver, BigCommerceOrderHandler, BigCommerceRefundHandler, BigCommerceCustomerHandler],
})
export class PostingModule {}
