import { Controller, Get, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Role, Roles } from '@buendel/auth';
import { UnitPageDto, UnitQueryDto } from './units.dto';
import { UnitsService } from './units.service';

@ApiTags('reference data')
@Controller('units')
export class UnitsController {
  constructor(private readonly units: UnitsService) {}

  @Get()
  @Roles(Role.Buyer, Role.Coordinator, Role.Supplier, Role.Admin)
  @ApiOperation({ summary: 'UN/ECE Recommendation 20 unit codes (active ones by default, the common ones first)' })
  @ApiOkResponse({ type: UnitPageDto })
  @ApiBadRequestResponse({ description: 'a bad query parameter (problem details with the fields)' })
  list(@Query() query: UnitQueryDto): Promise<UnitPageDto> {
    return this.units.list(query);
  }
}
