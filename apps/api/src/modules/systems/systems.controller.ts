import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { SystemView } from './system-facts';
import { SystemRegistry } from './system-registry.service';

/** The registered systems' facts (form fields, base-URL rules, entities, webhooks, capabilities) for the dashboard. */
@ApiTags('systems')
@Controller('api/systems')
export class SystemsController {
  constructor(private readonly registry: SystemRegistry) {}

  @Get()
  list(): SystemView[] {
    return this.registry.views();
  }
}
