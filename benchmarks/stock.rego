# The Dakar 2026 Stock-class rules (dakar-2026-stock over fia-t2-base, overrides applied) in Rego.
#
# input.spec: the spec as homologate's model dumps it in JSON mode (quantities as numbers in mm, L, kg;
# dates as ISO text); input.check_date: the date validity rules are checked on (ISO text).
# verdicts: every active rule id -> "pass", "fail", "marginal" or "not_applicable", with the engine's
# semantics: margins rounded to 6 places, EPSILON 1e-6, a tolerance turning a fail into marginal,
# `when` false -> not_applicable, `each` rules aggregated (fail, else marginal, else pass, else n/a;
# an empty list is n/a), "date + N years" clamping 29 February to the 28th, and seats counted in years.
package homologate.stock

import rego.v1

build := input.spec.build

production := input.spec.production

# --- the engine's verdict arithmetic -------------------------------------------------------------

eps := 0.000001

# a margin as the engine holds it: rounded to 6 decimal places
r6(x) := round(x * 1000000) / 1000000

strict(margin) := "pass" if margin >= 0 - eps
else := "fail"

tolerant(margin, tolerance) := "pass" if margin >= 0 - eps
else := "marginal" if 0 - margin <= tolerance + eps
else := "fail"

at_most(value, high) := strict(r6(high - value))

at_most_tol(value, high, tolerance) := tolerant(r6(high - value), tolerance)

at_least(value, low) := strict(r6(value - low))

at_least_tol(value, low, tolerance) := tolerant(r6(value - low), tolerance)

between_tol(value, low, high, tolerance) := tolerant(min([r6(high - value), r6(value - low)]), tolerance)

# equals on numbers: the margin is minus the rounded distance
same_number(value, expected) := strict(0 - r6(abs(value - expected)))

same_number_tol(value, expected, tolerance) := tolerant(0 - r6(abs(value - expected)), tolerance)

same(value, expected) := "pass" if value == expected
else := "fail"

one_of(value, allowed) := "pass" if value in allowed
else := "fail"

# a dated validity: the date must not be before the check date (ISO text compares as dates do)
not_before_check(date) := "pass" if date >= input.check_date
else := "fail"

worst(verdicts) := "fail" if "fail" in verdicts
else := "marginal" if "marginal" in verdicts
else := "pass" if "pass" in verdicts
else := "not_applicable"

# --- dates -----------------------------------------------------------------------------------------

leap(year) if {
	year % 4 == 0
	year % 100 != 0
}

leap(year) if year % 400 == 0

clamp_day(year, 2, 29) := 28 if not leap(year)

else := 29

clamp_day(_, month, day) := day if month != 2

clamp_day(_, 2, day) := day if day != 29

# ISO date plus whole years, as the engine's Duration.add_to does it (time.add_date would roll
# 29 February into 1 March)
plus_years(iso, years) := sprintf("%04d-%02d-%02d", [year, month, clamp_day(year, month, day)]) if {
	parts := split(iso, "-")
	year := to_number(parts[0]) + years
	month := to_number(parts[1])
	day := to_number(parts[2])
}

# --- homologation and identity ---------------------------------------------------------------------

verdicts["T2-BODYSHELL"] := same(build.chassis.bodyshell, production.chassis.bodyshell)

verdicts["T2-WHEELBASE"] := same_number_tol(build.chassis.wheelbase, production.chassis.wheelbase, 5)

# --- engine and restrictor -------------------------------------------------------------------------

verdicts["T2-ENGINE-BLOCK"] := same(build.engine.block, production.engine.block)

verdicts["T2-ENGINE-DISPLACEMENT"] := same_number(build.engine.displacement, production.engine.displacement)

verdicts["T2-ENGINE-CYLINDERS"] := same_number(build.engine.cylinders, production.engine.cylinders)

verdicts["T2-ENGINE-ASPIRATION"] := same(build.engine.aspiration, production.engine.aspiration)

verdicts["T2-ENGINE-FUEL"] := same(build.engine.fuel, production.engine.fuel)

verdicts["T2-RESTRICTOR-FITTED"] := at_least(count(build.engine.restrictors), 1)

verdicts["T2-AIR-INTAKE-COCKPIT"] := same(build.air_intake.draws_from_cockpit, false)

verdicts["T2-AIR-INTAKE-HOUSING"] := same(build.air_intake.housing_in_original_place, true)

verdicts["T2-AIR-INTAKE-COMPARTMENT"] := same(build.air_intake.in_engine_compartment, true)

verdicts["T2-AIR-INTAKE-OPENING"] := intake_opening

intake_opening := "not_applicable" if object.get(build.air_intake, "opening_diameter", null) == null
else := at_most(build.air_intake.opening_diameter, 100)

verdicts["T2-AIR-INTAKE-TUBE"] := at_most(build.air_intake.tube_inner_diameter, 100)

verdicts["STK-DRIVETRAIN-LAYOUT"] := same(build.drivetrain.layout, production.drivetrain.layout)

verdicts["STK-GEARBOX"] := same(build.drivetrain.gearbox, production.drivetrain.gearbox)

turbo := build.engine.aspiration == "turbo"

petrol_turbo := true if {
	turbo
	build.engine.fuel == "petrol"
} else := false

diesel_turbo := true if {
	turbo
	build.engine.fuel == "diesel"
} else := false

verdicts["STK-RESTRICTOR-PER-TURBO"] := restrictor_per_turbo

restrictor_per_turbo := same_number(count(build.engine.restrictors), production.engine.turbos) if turbo
else := "not_applicable"

# the restrictor table: each restrictor at most the diameter for the build's fuel and aspiration.
# (Comprehensions bind their verdict in the body: regopy 1.5.2 returns an empty set for a comprehension
# whose head calls a function with an argument of the enclosing function.)
restrictor_table(applies, limit) := worst({verdict |
	some diameter in build.engine.restrictors
	verdict := at_most_tol(diameter, limit, 0.1)
}) if {
	applies
} else := "not_applicable"

verdicts["STK-RESTRICTOR-PETROL-TURBO"] := restrictor_table(petrol_turbo, 38)

verdicts["STK-RESTRICTOR-DIESEL-TURBO"] := restrictor_table(diesel_turbo, 40)

verdicts["STK-RESTRICTOR-NATURAL"] := restrictor_table(build.engine.aspiration != "turbo", 50)

# --- chassis and suspension ------------------------------------------------------------------------

verdicts["T2-MOUNTING-POINTS"] := same(build.suspension.production_mounting_points, true)

verdicts["T2-DAMPERS-FRONT"] := at_most(build.suspension.dampers_per_wheel.front, 2)

verdicts["T2-DAMPERS-REAR"] := at_most(build.suspension.dampers_per_wheel.rear, 2)

verdicts["STK-TRACK-FRONT"] := at_most_tol(build.chassis.track_front, production.chassis.track_front + 80, 2)

verdicts["STK-TRACK-REAR"] := at_most_tol(build.chassis.track_rear, production.chassis.track_rear + 80, 2)

verdicts["STK-WIDTH"] := at_most_tol(build.chassis.width, production.chassis.width + 100, 2)

verdicts["STK-RIDE-HEIGHT"] := between_tol(
	build.suspension.ride_height,
	production.suspension.ride_height,
	production.suspension.ride_height + 120,
	3,
)

# --- wheels ----------------------------------------------------------------------------------------

# 37 in, held in mm
verdicts["STK-TYRE-DIAMETER"] := at_most(build.wheels.tyre_diameter, 939.8)

# --- fuel ------------------------------------------------------------------------------------------

safety_tank_fitted if object.get(build.fuel, "safety_tank", null) != null

verdicts["T2-SAFETY-TANK"] := safety_tank

safety_tank := one_of(build.fuel.safety_tank, {"FT3-1999", "FT3.5", "FT5"}) if safety_tank_fitted
else := "not_applicable"

verdicts["T2-FUEL-LINES"] := fuel_lines

fuel_lines := same(build.fuel.aviation_lines, true) if safety_tank_fitted
else := "not_applicable"

tank_made := object.get(build.fuel, "safety_tank_manufactured", null)

tank_until := object.get(build.fuel, "safety_tank_recertified_until", null)

# 5 years from manufacture; a recertified tank to its recertification, at most 7 years from manufacture
verdicts["T2-SAFETY-TANK-VALIDITY"] := tank_validity

tank_validity := "not_applicable" if not safety_tank_fitted
else := "not_applicable" if tank_until != null
else := "fail" if tank_made == null
else := not_before_check(plus_years(tank_made, 5))

verdicts["T2-SAFETY-TANK-RECERTIFIED"] := tank_recertified

tank_recertified := "not_applicable" if not safety_tank_fitted
else := "not_applicable" if tank_until == null
else := "fail" if tank_made == null
else := "pass" if {
	tank_until >= input.check_date
	tank_until <= plus_years(tank_made, 7)
}
else := "fail"

verdicts["STK-FUEL-TANK"] := at_most(build.fuel.tank_capacity, 600)

# --- weight ----------------------------------------------------------------------------------------

verdicts["T2-WEIGHT-MIN"] := at_least_tol(build.weight.measured, production.weight.homologated, 5)

# --- safety equipment ------------------------------------------------------------------------------

verdicts["T2-CAGE-PLATE"] := same(build.safety.cage.identification_plate, true)

verdicts["T2-SEAT-STANDARD"] := worst({one_of(seat.standard, {"FIA 8855-1999", "FIA 8862-2009", "FIA 8855-2021"}) |
	some seat in build.safety.seats
})

# seats count in years: valid to 31 December of the label's year, or of the year of manufacture + N
check_year := to_number(split(input.check_date, "-")[0])

label_year(seat) := object.get(seat, "not_valid_after", null)

seat_validity(seat, standard, years) := "not_applicable" if seat.standard != standard
else := "not_applicable" if label_year(seat) != null
else := "pass" if seat.manufactured + years >= check_year
else := "fail"

verdicts["T2-SEAT-8855-VALIDITY"] := worst({seat_validity(seat, "FIA 8855-1999", 5) |
	some seat in build.safety.seats
})

verdicts["T2-SEAT-8862-VALIDITY"] := worst({seat_validity(seat, "FIA 8862-2009", 10) |
	some seat in build.safety.seats
})

verdicts["T2-SEAT-8855-2021-VALIDITY"] := worst({seat_validity(seat, "FIA 8855-2021", 10) |
	some seat in build.safety.seats
})

seat_label(seat) := "not_applicable" if label_year(seat) == null
else := "pass" if label_year(seat) >= check_year
else := "fail"

verdicts["T2-SEAT-LABEL-VALIDITY"] := worst({seat_label(seat) | some seat in build.safety.seats})

seat_extension(seat) := "not_applicable" if seat.standard != "FIA 8855-1999"
else := "not_applicable" if label_year(seat) == null
else := "pass" if label_year(seat) <= seat.manufactured + 7
else := "fail"

verdicts["T2-SEAT-8855-EXTENSION"] := worst({seat_extension(seat) | some seat in build.safety.seats})

harness_standard(harness) := one_of(harness.standard, {"FIA 8853-2016"}) if input.check_date >= "2023-01-01"
else := "not_applicable"

verdicts["T2-HARNESS-STANDARD"] := worst({harness_standard(harness) | some harness in build.safety.harnesses})

verdicts["T2-HARNESS-VALIDITY"] := worst({not_before_check(harness.expires) |
	some harness in build.safety.harnesses
})

verdicts["T2-EXTINGUISHER-FITTED"] := at_least(count(build.safety.extinguishers), 1)

verdicts["T2-EXTINGUISHER-LIST"] := worst({one_of(extinguisher.technical_list, {16, 52}) |
	some extinguisher in build.safety.extinguishers
})
