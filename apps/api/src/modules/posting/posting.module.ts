import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CustomerLinkEntity } from '../../database/pipeline.entities';
import { MappingModule } from '../mapping/mapping.module';
import { SyncModule } from '../sync/sync.module';
import { SystemsModule } from '../systems/systems.module';
import { CreditNoteHandler } from './credit-note.handler';
import { CustomerInvoiceHandler } from './customer-invoice.handler';
import { CustomerMasterHandler } from './customer-master.handler';
import { CustomerPaymentHandler } from './customer-payment.handler';
import { CustomerResolver } from './customer-resolver.service';
import { PostingSkeleton } from './posting-skeleton.service';
import { InventoryItemHandler } from './inventory-item.handler';
import { InventoryStockHandler } from './inventory-stock.handler';
import { ProductProcurementHandler } from './product-procurement.handler';
import { SalesDocumentPoster } from './sales-document.poster';
import { SalesOrderHandler } from './sales-order.handler';
import { SupplierHandler } from './supplier.handler';

/**
 * The posting skeleton and one handler per Visma document kind (customer invoice or sales order, credit note, customer
 * or supplier, customer payment; the flow's posting choices pick), and the product procurement handler of the reverse
 * direction (Visma supplier invoices → a shop's catalog) and the stock handler (Visma inventory → a shop's inventory),
 * for every shop: it asks the system registry for the source's capabilities and never imports a system module.
 */
@Module({
  imports: [TypeOrmModule.forFeature([CustomerLinkEntity]), SyncModule, MappingModule, SystemsModule],
  providers: [CustomerResolver, SalesDocumentPoster, CustomerInvoiceHandler, SalesOrderHandler, CreditNoteHandler, CustomerMasterHandler, SupplierHandler, CustomerPaymentHandler, ProductProcurementHandler, InventoryStockHandler, InventoryItemHandler, PostingSkeleton],
})
export class PostingModule {}
