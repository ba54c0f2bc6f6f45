import 'reflect-metadata';
import { bootstrapService } from '@exchange/observability';
import { AppModule, config, logger } from './app.module';

void bootstrapService(AppModule, { logger, port: config.PORT, host: config.HOST });
