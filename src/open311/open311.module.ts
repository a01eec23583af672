import { Module } from '@nestjs/common';
import { Open311KeysController } from './open311-keys.controller.js';
import { Open311KeysService } from './open311-keys.service.js';
import { Open311Controller } from './open311.controller.js';
import { Open311Service } from './open311.service.js';

/** Open311 GeoReport v2 at /open311, and its API keys under /api/v1/open311/keys. */
@Module({
  controllers: [Open311Controller, Open311KeysController],
  providers: [Open311Service, Open311KeysService],
})
export class Open311Module {}
