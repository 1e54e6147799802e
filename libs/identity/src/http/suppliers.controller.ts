import { Body, Controller, Post } from '@nestjs/common';
import { ApiBadRequestResponse, ApiConflictResponse, ApiCreatedResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '@buendel/auth';
import { OrganisationsService } from '../organisations.service';
import { LimitPerAddress } from './limit-per-address';
import { RegisterSupplierDto, SupplierRegistrationResponse } from './dto/register-supplier.dto';

@ApiTags('suppliers')
@Controller('suppliers')
export class SuppliersController {
  constructor(private readonly organisations: OrganisationsService) {}

  @Post('register')
  @Public()
  @LimitPerAddress()
  @ApiOperation({ summary: 'Register a supplier organisation and its first user' })
  @ApiCreatedResponse({ type: SupplierRegistrationResponse })
  @ApiBadRequestResponse({ description: 'invalid fields, each listed with its reason' })
  @ApiConflictResponse({ description: 'the VAT id or the e-mail address is registered already' })
  register(@Body() dto: RegisterSupplierDto): Promise<SupplierRegistrationResponse> {
    return this.organisations.registerSupplier(dto);
  }
}
