package newslooks

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The variant fixtures: one realistic article per variant class of
// FORMAT.md. The values below were written down from the fixtures, not from
// the parser's output; TestVariantFixturesSelfCheck checks them against the
// fixture text without the parser, so that a failure of TestVariants points
// at the parser rather than at a typo here.

// variantWant is what one article of a fixture holds.
type variantWant struct {
	headline  string
	publisher string
	location  string
	authors   []string
	edition   string
	summary   string
	qlTitle   string
	qlCount   int
	qlFirst   string
	qlLast    string
	dateline  string
	headings  []string // the opening section's heading is ""
	paras     []int    // paragraphs per section
	first     string   // the opening section's first paragraph
	last      string   // the last section's last paragraph
}

// paraWant is one paragraph, by section and index.
type paraWant struct {
	section, index int
	text           string
}

// variantChrome is the site chrome the fixtures carry after their articles.
var variantChrome = []string{
	"You must Register or Login to post a comment.",
	"Share this:",
	"Leave a Reply",
}

var variantCases = []struct {
	file string
	want variantWant
	// joined is a hard-wrapped paragraph: its lines joined with one space.
	joined *paraWant
	// warns: the fixture has no Quick Looks block, so the article carries
	// a warning and a strict Parser fails.
	warns bool
	// anyWarnings: the fixture lacks optional parts (byline fields, the
	// body markers) that FORMAT.md allows to be missing; warnings are
	// neither required nor forbidden.
	anyWarnings bool
}{
	{
		file: "hard-wrapped.txt",
		want: variantWant{
			headline:  "Fed Holds Rates Steady, Signals Patience as Inflation Cools",
			publisher: "Newslooks",
			location:  "WASHINGTON",
			authors:   []string{"D. Brennan"},
			edition:   "Evening Edition",
			summary:   "The Federal Reserve left its benchmark interest rate unchanged on Wednesday and signaled it is in no hurry to cut. Policymakers said inflation is moving “in the right direction” but want more evidence before easing. Markets trimmed bets on a cut before autumn.",
			qlTitle:   "Fed Rate Pause Quick Looks",
			qlCount:   6,
			qlFirst:   "Fed keeps benchmark rate in the 4.25%–4.5% range",
			qlLast:    "Mortgage rates edged lower after the announcement",
			dateline:  "WASHINGTON",
			headings:  []string{"", "Divisions Inside the Committee", "Markets Recalibrate", "The Big Picture"},
			paras:     []int{2, 2, 2, 1},
			first:     "WASHINGTON — The Federal Reserve held its benchmark interest rate steady on Wednesday, keeping borrowing costs at their highest level in more than two decades while signaling that a first cut could still come later this year if inflation keeps easing.",
			last:      "For households, the pause means credit card and auto loan rates will stay elevated for now. But with inflation cooling and job growth slowing, economists say the Fed is edging closer to the point where it can begin to ease without reigniting price pressures.",
		},
		joined: &paraWant{section: 2, index: 1, text: "“The message is patience, not a pivot,” said Dana Whitfield, chief economist at Harbor Point Advisors. “They want two or three more months of good numbers before they move.”"},
	},
	{
		file: "crlf-bom.txt",
		want: variantWant{
			headline:  "Heat Wave Grips Southwest as Phoenix Nears Record Streak",
			publisher: "Newslooks",
			location:  "LOS ANGELES",
			authors:   []string{"R. Castillo"},
			edition:   "Weekend Edition",
			summary:   "Phoenix is on track to match its record for consecutive days above 110 degrees as a stubborn heat dome parks over the Southwest. Hospitals report a rise in heat-related visits, and utilities have asked customers to conserve power in the evening. Forecasters see little relief before next weekend.",
			qlTitle:   "Southwest Heat Wave Quick Looks",
			qlCount:   6,
			qlFirst:   "Phoenix has logged 29 straight days at or above 110 degrees",
			qlLast:    "Relief not expected until a weak trough arrives next weekend",
			dateline:  "PHOENIX",
			headings:  []string{"", "Hospitals and Shelters Stretched", "Grid Holds, for Now", "The Big Picture"},
			paras:     []int{2, 2, 1, 1},
			first:     "PHOENIX — Phoenix recorded its 29th consecutive day of temperatures at or above 110 degrees on Saturday, putting the desert city within reach of the record streak set two summers ago as a sprawling heat dome kept much of the Southwest baking.",
			last:      "Climate scientists say stretches of extreme heat in the Southwest are becoming longer and more frequent, and cities across the region are racing to plant shade trees, install cool pavement and expand cooling centers before the next summer arrives.",
		},
	},
	{
		file: "bullets-dot.txt",
		want: variantWant{
			headline:  "Astronomers Detect Water Vapor on Rocky Planet 40 Light-Years Away",
			publisher: "Newslooks",
			location:  "SAN FRANCISCO",
			authors:   []string{"T. Nguyen"},
			edition:   "Morning Edition",
			summary:   "An international team using the James Webb Space Telescope has found signs of water vapor in the thin atmosphere of a rocky planet orbiting a nearby red dwarf. The result, if confirmed, would be the clearest detection yet of water around a world roughly the size of Earth. Researchers caution that starspots could mimic part of the signal.",
			qlTitle:   "Rocky Exoplanet Water Quick Looks",
			qlCount:   7,
			qlFirst:   "Webb telescope spotted a water vapor signature on a rocky exoplanet",
			qlLast:    "Findings published in The Astrophysical Journal Letters",
			dateline:  "SAN FRANCISCO",
			headings:  []string{"", "How the Signal Was Found", "Reasons for Caution", "The Big Picture"},
			paras:     []int{2, 2, 2, 1},
			first:     "SAN FRANCISCO — Astronomers said Tuesday they had detected the chemical fingerprint of water vapor in the atmosphere of a rocky planet orbiting a small, cool star about 40 light-years from Earth, a finding that could sharpen the search for habitable worlds beyond the solar system.",
			last:      "If the detection holds up, it would show that small rocky planets around red dwarfs — the most common stars in the galaxy — can hold on to atmospheres, a key condition for habitability and a major target for the next generation of telescopes.",
		},
	},
	{
		file: "bullets-star.txt",
		want: variantWant{
			headline:  "City FC Rallies Past Harbor United to Reach Cup Final",
			publisher: "Newslooks",
			location:  "NEW YORK",
			authors:   []string{"M. Okafor"},
			edition:   "Evening Edition",
			summary:   "City FC scored twice in the final 10 minutes to beat Harbor United 2-1 in Wednesday’s semifinal and book a place in the cup final. Substitute Leo Marchetti headed the winner in stoppage time. The club will play for its first major trophy in 14 years.",
			qlTitle:   "Cup Semifinal Comeback Quick Looks",
			qlCount:   6,
			qlFirst:   "Harbor United led from the 34th minute through Tomas Reyna",
			qlLast:    "The final is set for May 24 at a neutral venue",
			dateline:  "HARRISON",
			headings:  []string{"", "Late Drama Turns the Tie", "Okoro Keeps City Alive", "The Big Picture"},
			paras:     []int{2, 3, 1, 1},
			first:     "HARRISON — City FC came from behind to beat Harbor United 2-1 on Wednesday night, scoring twice in the last 10 minutes of a tense cup semifinal to reach the final for the first time in 14 years.",
			last:      "City FC will play for its first major trophy since 2011 when it meets the winner of Thursday’s other semifinal on May 24. For a club that spent much of the past decade rebuilding, the run has already reshaped expectations.",
		},
	},
	{
		file: "bullets-en-dash.txt",
		want: variantWant{
			headline:  "Chicago Council Passes $17 Billion Budget After Late Deal on Police Overtime",
			publisher: "Newslooks",
			location:  "CHICAGO",
			authors:   []string{"L. Haddad"},
			edition:   "Morning Edition",
			summary:   "The Chicago City Council approved a $17 billion budget early Thursday after the mayor agreed to trim police overtime and restore funding for mental health clinics. The vote was 29-21, the narrowest margin in more than a decade. Property taxes will not rise, but fees on parking and ride-hailing trips will.",
			qlTitle:   "Chicago Budget Vote Quick Looks",
			qlCount:   6,
			qlFirst:   "Council approved the budget 29-21 after an overnight session",
			qlLast:    "Critics warn of a larger gap in next year’s budget",
			dateline:  "CHICAGO",
			headings:  []string{"", "How the Deal Came Together", "Fees Instead of Property Taxes", "The Big Picture"},
			paras:     []int{2, 2, 1, 1},
			first:     "CHICAGO — After a marathon session that stretched past 2 a.m., the Chicago City Council approved a $17 billion spending plan on Thursday, handing the mayor a narrow, hard-won victory in the first budget of the term.",
			last:      "Budget watchdogs said the plan relied too heavily on one-time fixes and warned that the city would face an even larger shortfall next year, when federal pandemic aid is fully spent and pension contributions rise again.",
		},
	},
	{
		file: "dateline-en-dash.txt",
		want: variantWant{
			headline:  "Egypt Raises Bread Subsidy Budget as Global Wheat Prices Climb",
			publisher: "Newslooks",
			location:  "WASHINGTON",
			authors:   []string{"S. Varga"},
			edition:   "Evening Edition",
			summary:   "Egypt will spend more on subsidized bread this year as wheat import costs rise, the government said on Monday. The move shields tens of millions of low-income households from price shocks. It also adds pressure on a budget already strained by high debt payments.",
			qlTitle:   "Egypt Bread Subsidy Quick Looks",
			qlCount:   5,
			qlFirst:   "Bread subsidy budget raised by about a fifth for the fiscal year",
			qlLast:    "Government seeking new supply deals with Black Sea exporters",
			dateline:  "CAIRO",
			headings:  []string{"", "A Heavy Import Bill", "Budget Under Strain", "The Big Picture"},
			paras:     []int{2, 1, 2, 1},
			first:     "CAIRO – Egypt’s government said on Monday it would raise spending on subsidized bread by about a fifth this fiscal year, absorbing higher wheat import costs rather than passing them on to the roughly 70 million people who depend on the program.",
			last:      "The decision underlines how food security remains a political priority in Egypt, where bread prices have sparked unrest in the past, even as international lenders press the government to rein in subsidies.",
		},
	},
	{
		file: "dateline-double-hyphen.txt",
		want: variantWant{
			headline:  "Norway’s Wealth Fund Posts Record Half-Year Gain on Tech Rally",
			publisher: "Newslooks",
			location:  "LONDON",
			authors:   []string{"E. Lindqvist"},
			edition:   "Morning Edition",
			summary:   "Norway’s sovereign wealth fund, the world’s largest, reported a record profit for the first half of the year, driven by soaring technology stocks. The fund’s value now exceeds $1.8 trillion. Its managers warned that returns are unlikely to stay this strong.",
			qlTitle:   "Norway Wealth Fund Quick Looks",
			qlCount:   5,
			qlFirst:   "Fund reported a record first-half return",
			qlLast:    "Managers warned of concentration risk in a handful of stocks",
			dateline:  "OSLO",
			headings:  []string{"", "A Warning on Concentration", "The Big Picture"},
			paras:     []int{2, 2, 1},
			first:     "OSLO -- Norway’s sovereign wealth fund reported the largest first-half profit in its history on Wednesday, as a rally in technology stocks lifted the value of the giant fund, which invests the country’s oil and gas revenue, to more than $1.8 trillion.",
			last:      "The fund, created in the 1990s to save petroleum revenue for future generations, now owns about 1.5% of all listed shares in the world, and its swings in value have become a closely watched measure of global market sentiment.",
		},
	},
	{
		file: "dateline-hyphen.txt",
		want: variantWant{
			headline:  "Late-Season Storm Buries Colorado Rockies Under Two Feet of Snow",
			publisher: "Newslooks",
			location:  "DENVER",
			authors:   []string{"J. Mansour"},
			edition:   "Weekend Edition",
			summary:   "A powerful spring storm dropped up to two feet of snow across Colorado’s high country, closing Interstate 70 and knocking out power to thousands. Denver saw heavy, wet snow that snapped tree limbs across the city. Skies are expected to clear by Sunday afternoon.",
			qlTitle:   "Colorado Spring Storm Quick Looks",
			qlCount:   6,
			qlFirst:   "Up to 24 inches of snow fell in the mountains west of Denver",
			qlLast:    "Clearing skies and warmer temperatures expected by Sunday",
			dateline:  "DENVER",
			headings:  []string{"", "Travel Snarled Across the Front Range", "The Big Picture"},
			paras:     []int{2, 2, 1},
			first:     "DENVER - A late-season storm buried Colorado’s mountains under as much as two feet of snow on Saturday, closing a long stretch of Interstate 70, grounding hundreds of flights and leaving tens of thousands of homes and businesses without electricity.",
			last:      "Spring storms are common along Colorado’s Front Range, and forecasters said this one would bring welcome moisture to a snowpack that had been running below normal. Temperatures are expected to climb into the 50s by Sunday afternoon, helping the snow melt quickly.",
		},
	},
	{
		file: "dateline-credit.txt",
		want: variantWant{
			headline:  "Bank of England Cuts Rates to 4% as Growth Stalls",
			publisher: "Newslooks",
			location:  "LONDON",
			authors:   []string{"H. Osei"},
			edition:   "Morning Edition",
			summary:   "The Bank of England lowered its main interest rate by a quarter point to 4% on Thursday, citing a sluggish economy and easing wage growth. The decision was split, with two policymakers voting to hold. Officials signaled that further cuts would be gradual.",
			qlTitle:   "Bank of England Rate Cut Quick Looks",
			qlCount:   6,
			qlFirst:   "Key rate cut by a quarter point to 4%",
			qlLast:    "The pound slipped against the dollar after the decision",
			dateline:  "LONDON",
			headings:  []string{"", "A Weaker Outlook", "Markets React", "The Big Picture"},
			paras:     []int{2, 2, 1, 1},
			first:     "LONDON (AP) — The Bank of England cut its main interest rate by a quarter of a percentage point to 4% on Thursday, the latest in a series of reductions as policymakers try to revive a stagnant economy while keeping a lid on inflation.",
			last:      "With growth weak and inflation still above its 2% target, the central bank is trying to walk a narrow line, and officials stressed that any further reductions would be “gradual and careful” rather than rapid.",
		},
	},
	{
		file: "dateline-city-country.txt",
		want: variantWant{
			headline:  "Ukraine Restores Power in Kharkiv After Overnight Drone Barrage",
			publisher: "Newslooks",
			location:  "WASHINGTON",
			authors:   []string{"O. Marchenko"},
			edition:   "Evening Edition",
			summary:   "Repair crews restored electricity to most of Kharkiv on Friday after a wave of drones struck energy facilities in Ukraine’s second-largest city overnight. Officials said air defenses downed most of the drones. Schools switched to remote classes for the day.",
			qlTitle:   "Kharkiv Drone Attack Quick Looks",
			qlCount:   5,
			qlFirst:   "Drones targeted energy infrastructure in Kharkiv overnight",
			qlLast:    "Schools in the city moved classes online for the day",
			dateline:  "KYIV, Ukraine",
			headings:  []string{"", "Crews Work Through the Night", "Schools Move Online", "The Big Picture"},
			paras:     []int{2, 1, 2, 1},
			first:     "KYIV, Ukraine — Repair crews restored electricity to most of Kharkiv on Friday after an overnight wave of drones struck energy facilities in and around Ukraine’s second-largest city, officials said, leaving hundreds of thousands of people without power for hours.",
			last:      "Attacks on Ukraine’s power grid have intensified in recent months, and officials in Kyiv have renewed appeals to Western partners for more air defense systems before the heating season begins.",
		},
	},
	{
		file: "no-quick-looks.txt",
		want: variantWant{
			headline:  "Library Card Sign-Ups Surge After City Scraps Overdue Fines",
			publisher: "Newslooks",
			location:  "BOSTON",
			authors:   []string{"C. Donnelly"},
			edition:   "Weekend Edition",
			summary:   "Boston’s public library system signed up nearly 9,000 new cardholders in the three months after it stopped charging late fees. Branch managers say many returning patrons had avoided the library for years over small debts. The change cost the city less than officials expected.",
			qlTitle:   "",
			qlCount:   0,
			qlFirst:   "",
			qlLast:    "",
			dateline:  "BOSTON",
			headings:  []string{"", "Debts That Kept Readers Away", "Smaller Cost Than Expected", "The Big Picture"},
			paras:     []int{2, 2, 1, 1},
			first:     "BOSTON — When Boston’s public libraries stopped charging overdue fines in January, officials hoped a few lapsed readers might come back. Three months later, the system has signed up nearly 9,000 new cardholders, the biggest jump in more than a decade.",
			last:      "Boston joins a growing list of American cities that have dropped late fees, and library advocates say the early results strengthen the argument that fines discourage the very residents public libraries are meant to serve.",
		},
		warns: true,
	},
	{
		file: "no-deep-look.txt",
		want: variantWant{
			headline:  "Wildfire Smoke Triggers Air Quality Alerts Across Great Lakes",
			publisher: "Newslooks",
			location:  "CHICAGO",
			authors:   []string{"B. Kowalski"},
			edition:   "Morning Edition",
			summary:   "Smoke from wildfires burning in central Canada drifted south over the Great Lakes on Tuesday, prompting air quality alerts from Minnesota to Michigan. Health officials urged children, older adults and people with asthma to limit time outdoors. Conditions are expected to improve by Thursday.",
			qlTitle:   "Great Lakes Smoke Alert Quick Looks",
			qlCount:   5,
			qlFirst:   "Air quality alerts issued in five states",
			qlLast:    "A cold front should push the smoke east by Thursday",
			dateline:  "CHICAGO",
			headings:  []string{"", "Health Officials Urge Caution", "Fires Far to the North", "The Big Picture"},
			paras:     []int{2, 1, 2, 1},
			first:     "CHICAGO — A thick haze of wildfire smoke drifted south from Canada over the Great Lakes on Tuesday, turning skies a milky orange, dimming the afternoon sun and prompting air quality alerts across a broad swath of the Upper Midwest.",
			last:      "Summers with heavy smoke from Canadian wildfires have become more common in the Midwest, and air quality specialists say cities should plan for it the way they prepare for heat waves, with alerts, clean-air shelters and guidance for outdoor workers.",
		},
		anyWarnings: true,
	},
	{
		file: "byline-no-edition.txt",
		want: variantWant{
			headline:  "New York Subway Ridership Hits Post-Pandemic High",
			publisher: "Newslooks",
			location:  "NEW YORK",
			authors:   []string{"K. Wu"},
			edition:   "",
			summary:   "Subway ridership in New York City topped 4.6 million trips on a single weekday last week, the highest since March 2020. Transit officials credit returning office workers and a surge in weekend travel. Ridership remains below pre-pandemic levels on Mondays and Fridays.",
			qlTitle:   "Subway Ridership Quick Looks",
			qlCount:   6,
			qlFirst:   "Weekday ridership topped 4.6 million trips",
			qlLast:    "Congestion pricing credited with drawing some drivers underground",
			dateline:  "NEW YORK",
			headings:  []string{"", "A Midweek Commute", "Tolls Push Drivers Underground", "The Big Picture"},
			paras:     []int{2, 1, 2, 1},
			first:     "NEW YORK — New York City’s subway carried more than 4.6 million riders on a single weekday last week, transit officials said Monday, the highest daily total since the coronavirus pandemic emptied the system in the spring of 2020.",
			last:      "The rebound strengthens the transit authority’s finances at a time when it is seeking billions of dollars for new signals, accessible stations and rail cars, though officials acknowledge that fare revenue alone will not close the gap.",
		},
		anyWarnings: true,
	},
	{
		file: "byline-no-publisher-location.txt",
		want: variantWant{
			headline:  "Oakland Voters Weigh Parcel Tax to Keep Fire Stations Open",
			publisher: "",
			location:  "",
			authors:   []string{"A. Reyes"},
			edition:   "Evening Edition",
			summary:   "Oakland voters will decide in November whether to approve a parcel tax that would raise about $28 million a year for the fire department. Supporters say it would keep three stations from closing. Opponents argue the city should fix its spending before asking homeowners for more.",
			qlTitle:   "Oakland Fire Tax Quick Looks",
			qlCount:   6,
			qlFirst:   "Measure would charge most property owners $148 a year",
			qlLast:    "Taxpayer group says the city must cut costs first",
			dateline:  "OAKLAND",
			headings:  []string{"", "Response Times at Stake", "Opponents Point to Spending", "The Big Picture"},
			paras:     []int{2, 2, 1, 1},
			first:     "OAKLAND — Oakland voters will decide in November whether to tax themselves to keep fire stations open, after the City Council voted Tuesday night to place a parcel tax on the ballot amid a budget crisis that has already forced temporary station closures.",
			last:      "The vote will test how much patience Oakland residents have for new taxes after several years of budget shortfalls, and the result is likely to shape how the city approaches cuts to other services next year.",
		},
		anyWarnings: true,
	},
	{
		file: "two-authors.txt",
		want: variantWant{
			headline:  "Drought Forces Panama Canal to Limit Daily Crossings",
			publisher: "Newslooks",
			location:  "NEW YORK",
			authors:   []string{"A. Reyes", "P. Lin"},
			edition:   "Morning Edition",
			summary:   "The Panama Canal will cut the number of ships allowed through each day as a prolonged drought lowers water levels in the lake that feeds its locks. Shipping companies are rerouting some vessels around South America. The restrictions could last into next year.",
			qlTitle:   "Panama Canal Drought Quick Looks",
			qlCount:   6,
			qlFirst:   "Daily crossings cut from 32 to 24 ships",
			qlLast:    "Canal authority studying a new reservoir on the Indio River",
			dateline:  "PANAMA CITY",
			headings:  []string{"", "Shippers Look for Other Routes", "The Big Picture"},
			paras:     []int{2, 2, 1},
			first:     "PANAMA CITY — The Panama Canal will sharply reduce the number of ships allowed to pass each day, its operator said on Wednesday, as a severe drought drains the artificial lake whose water is used to raise and lower vessels through the waterway’s locks.",
			last:      "The canal authority is studying a new reservoir on the Indio River to secure its water supply, but the project would take years to complete, leaving the waterway exposed to future droughts as weather patterns grow more erratic.",
		},
	},
	{
		file: "three-authors.txt",
		want: variantWant{
			headline:  "Transit Strike Averted as Bay Area Rail Workers Reach Tentative Deal",
			publisher: "Newslooks",
			location:  "SAN FRANCISCO",
			authors:   []string{"A. Reyes", "P. Lin", "K. Wu"},
			edition:   "Weekend Edition",
			summary:   "Bay Area rail unions reached a tentative contract agreement early Saturday, hours before a planned strike that would have halted trains for hundreds of thousands of commuters. The three-year deal includes raises and new safety measures. Union members will vote on it within two weeks.",
			qlTitle:   "Bay Area Rail Deal Quick Looks",
			qlCount:   6,
			qlFirst:   "Tentative agreement reached about four hours before the strike deadline",
			qlLast:    "Trains will run normally through the ratification vote",
			dateline:  "SAN FRANCISCO",
			headings:  []string{"", "Raises and Safety Provisions", "Relief for Riders", "The Big Picture"},
			paras:     []int{2, 2, 1, 1},
			first:     "SAN FRANCISCO — Bay Area rail workers and transit managers reached a tentative contract agreement early Saturday, averting a strike that would have shut down trains used by hundreds of thousands of commuters across the region.",
			last:      "The agreement gives the transit agency labor peace as it confronts a looming budget deficit, but managers acknowledged that the raises would add to the pressure on a system still carrying fewer riders than it did before the pandemic.",
		},
	},
	{
		file: "headings-punctuation.txt",
		want: variantWant{
			headline:  "U.S. and EU Trade Talks Stall Over Steel, Farm Subsidies",
			publisher: "Newslooks",
			location:  "WASHINGTON",
			authors:   []string{"J. Mansour"},
			edition:   "Evening Edition",
			summary:   "Negotiators from the U.S. and the European Union ended two days of talks in Brussels without a deal on steel tariffs or agricultural subsidies. Both sides said they would meet again next month. Businesses on both sides of the Atlantic are bracing for higher duties if no agreement is reached.",
			qlTitle:   "U.S.-EU Trade Talks Quick Looks",
			qlCount:   6,
			qlFirst:   "Two days of talks in Brussels ended without agreement",
			qlLast:    "Retaliatory EU tariffs could take effect in the fall",
			dateline:  "BRUSSELS",
			headings:  []string{"", "Steel, Aluminum and Old Grievances", "Brussels’ Farm Subsidy Red Line", "What It Means for U.S. Exporters", "Where Do Talks Go From Here?"},
			paras:     []int{2, 2, 1, 1, 2},
			first:     "BRUSSELS — Trade negotiators from the U.S. and the European Union ended two days of talks here on Thursday without a breakthrough, leaving in place steel tariffs that have strained relations between the allies and raising the prospect of new retaliatory duties this fall.",
			last:      "“Nobody wants a trade war between friends, but nobody wants to be seen blinking first either,” said a European official who was not authorized to speak publicly.",
		},
	},
	{
		file: "slashes.txt",
		want: variantWant{
			headline:  "Denver Opens 24/7 Crisis Line for Renters and/or Landlords in Dispute",
			publisher: "Newslooks",
			location:  "DENVER",
			authors:   []string{"N. Adeyemi"},
			edition:   "Morning Edition",
			summary:   "Denver launched a round-the-clock help line on Monday for tenants and landlords locked in disputes over rent, repairs and/or evictions. The line is staffed by mediators 24/7 and is free to callers. City officials say it could keep hundreds of cases out of court each year/ tenant advocates say it must come with legal aid.",
			qlTitle:   "Denver Renter Help Line Quick Looks",
			qlCount:   6,
			qlFirst:   "Help line answers calls 24/7, including holidays",
			qlLast:    "Callers can get help in English and/or Spanish",
			dateline:  "DENVER",
			headings:  []string{"", "Mediators on Call Around the Clock", "Landlords Cautiously Supportive", "The Big Picture"},
			paras:     []int{2, 2, 1, 1},
			first:     "DENVER — Denver tenants and landlords caught in disputes over rent, repairs or security deposits can now call a free help line at any hour, the city said on Monday, as officials look for ways to settle conflicts before they end up in eviction court.",
			last:      "Evictions in Denver have climbed above pre-pandemic levels, and housing advocates said the help line was a useful step but no substitute for guaranteed legal representation for tenants facing eviction, which the city has funded only in part.",
		},
	},
	{
		file: "chrome.txt",
		want: variantWant{
			headline:  "Coastal Town Votes to Retreat From Eroding Bluffs",
			publisher: "Newslooks",
			location:  "SAN FRANCISCO",
			authors:   []string{"G. Moreau"},
			edition:   "Weekend Edition",
			summary:   "Residents of Marlow Beach voted to begin buying out homes on the town’s most threatened bluffs, a first for a California coastal community. The program will be funded by state and federal grants. Some homeowners say the offers are far below what their houses are worth.",
			qlTitle:   "Coastal Retreat Vote Quick Looks",
			qlCount:   5,
			qlFirst:   "Voters approved a managed retreat plan by 58% to 42%",
			qlLast:    "Some owners call the offers too low",
			dateline:  "MARLOW BEACH",
			headings:  []string{"", "A Shrinking Shoreline", "Owners Weigh the Offers", "The Big Picture"},
			paras:     []int{2, 1, 2, 1},
			first:     "MARLOW BEACH — Voters in this small coastal town south of San Francisco approved a plan on Tuesday to buy out homes on its fastest-eroding bluffs, making it one of the first communities in California to formally embrace retreat from the rising sea.",
			last:      "Planners across the state are watching the town closely. Sea levels along the California coast are projected to rise by a foot or more by mid-century, and many communities face similar choices between costly defenses and a gradual retreat.",
		},
	},
}

// multiWant is testdata/multi.txt: three articles, each comment prompt
// directly followed by the next header line.
var multiWant = []variantWant{
	{
		headline:  "Portland Approves Tiny Home Village for Veterans",
		publisher: "Newslooks",
		location:  "PORTLAND",
		authors:   []string{"W. Ashby"},
		edition:   "Morning Edition",
		summary:   "Portland city commissioners approved a 60-unit tiny home village for homeless veterans on a vacant lot on the city’s east side. The project is expected to open next spring. Neighbors had raised concerns about traffic and security.",
		qlTitle:   "Veterans Tiny Home Village Quick Looks",
		qlCount:   4,
		qlFirst:   "60 tiny homes planned on a vacant city lot",
		qlLast:    "Expected to open next spring",
		dateline:  "PORTLAND",
		headings:  []string{"", "Neighbors Raise Concerns", "The Big Picture"},
		paras:     []int{2, 1, 1},
		first:     "PORTLAND — Portland commissioners voted 4-1 on Wednesday to build a village of 60 tiny homes for veterans experiencing homelessness, the city’s largest such project so far and part of a push to move people out of tents before winter.",
		last:      "Tiny home villages have spread across the West Coast as a faster and cheaper alternative to traditional shelters, though critics say they are no substitute for building permanent affordable housing.",
	},
	{
		headline:  "Minor League Team Unveils Plans for Riverfront Ballpark",
		publisher: "Newslooks",
		location:  "NEW YORK",
		authors:   []string{"F. Castellano"},
		edition:   "Evening Edition",
		summary:   "The Hudson Valley Herons unveiled plans for a $90 million riverfront ballpark in Poughkeepsie that would open in 2028. The team says the stadium would host concerts and community events year-round. The plan depends on a public financing vote next month.",
		qlTitle:   "Riverfront Ballpark Quick Looks",
		qlCount:   5,
		qlFirst:   "Proposed stadium would seat about 6,500 fans",
		qlLast:    "Opening targeted for the 2028 season",
		dateline:  "POUGHKEEPSIE",
		headings:  []string{"", "Who Pays for It", "The Big Picture"},
		paras:     []int{2, 2, 1},
		first:     "POUGHKEEPSIE — The Hudson Valley Herons unveiled plans on Tuesday for a $90 million ballpark on the Poughkeepsie waterfront, promising a year-round venue that team executives say would bring new life to a stretch of empty warehouses along the Hudson River.",
		last:      "Cities across the country have used new minor league ballparks to anchor downtown redevelopment, with mixed results, and the vote will test how much risk local officials are willing to take on.",
	},
	{
		headline:  "Honeybee Losses Ease After Mild Winter, Survey Finds",
		publisher: "Newslooks",
		location:  "WASHINGTON",
		authors:   []string{"R. Castillo"},
		edition:   "Weekend Edition",
		summary:   "U.S. beekeepers lost fewer colonies over the past winter than in any year in more than a decade, according to an annual survey. Researchers credit mild weather and better control of a parasitic mite. They warn that summer losses remain high.",
		qlTitle:   "Honeybee Survey Quick Looks",
		qlCount:   5,
		qlFirst:   "Beekeepers lost about 28% of colonies over the winter",
		qlLast:    "Summer losses remain a concern",
		dateline:  "WASHINGTON",
		headings:  []string{"", "Mites Still the Main Threat", "The Big Picture"},
		paras:     []int{2, 1, 1},
		first:     "WASHINGTON — Honeybee colonies in the U.S. fared better than usual over the past winter, with beekeepers reporting the lowest losses in more than a decade, according to an annual survey released Thursday by a national research partnership.",
		last:      "Honeybees pollinate crops worth billions of dollars a year, from almonds to blueberries, and researchers cautioned that one good winter does not end a long-running crisis, especially as summer losses have climbed in recent years.",
	},
}

// multiHeaderLines are the lines of testdata/multi.txt where the articles' header lines stand.
var multiHeaderLines = []int{1, 19, 39}

func readVariant(tb testing.TB, name string) []byte {
	tb.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(tb, err)
	return src
}

// checkVariant asserts every value of w, and the hygiene of the body, on a.
func checkVariant(t *testing.T, a *Article, w variantWant) {
	t.Helper()
	assert.Equal(t, w.headline, a.Headline, "headline")
	assert.Equal(t, w.publisher, a.Byline.Publisher, "publisher")
	assert.Equal(t, w.location, a.Byline.Location, "location")
	assert.Equal(t, w.authors, a.Byline.Authors, "authors")
	assert.Equal(t, w.edition, a.Byline.Edition, "edition")
	assert.Equal(t, w.summary, a.Summary, "summary")

	assert.Equal(t, w.qlTitle, a.QuickLooks.Title, "quick-looks title")
	if assert.Len(t, a.QuickLooks.Items, w.qlCount, "quick-look items") && w.qlCount > 0 {
		assert.Equal(t, w.qlFirst, a.QuickLooks.Items[0], "first quick-look item")
		assert.Equal(t, w.qlLast, a.QuickLooks.Items[w.qlCount-1], "last quick-look item")
	}
	for _, it := range a.QuickLooks.Items {
		assert.NotEmpty(t, it, "empty quick-look item")
		assert.Equal(t, strings.TrimSpace(it), it, "quick-look item with stray space")
		for _, bullet := range []string{"- ", "• ", "* ", "– "} {
			assert.False(t, strings.HasPrefix(it, bullet), "quick-look item keeps its bullet: %q", it)
		}
	}

	assert.Equal(t, w.dateline, a.Dateline, "dateline")

	var headings []string
	var counts []int
	for _, s := range a.Sections {
		headings = append(headings, s.Heading)
		counts = append(counts, len(s.Paragraphs))
	}
	assert.Equal(t, w.headings, headings, "section headings")
	assert.Equal(t, w.paras, counts, "paragraphs per section")
	if len(a.Sections) > 0 && len(a.Sections[0].Paragraphs) > 0 {
		first := a.Sections[0].Paragraphs[0]
		assert.Equal(t, w.first, first, "first paragraph")
		assert.True(t, strings.HasPrefix(first, w.dateline+" "), "the dateline stays in the first paragraph: %q", first)
	}
	if n := len(a.Sections); n > 0 && len(a.Sections[n-1].Paragraphs) > 0 {
		ps := a.Sections[n-1].Paragraphs
		assert.Equal(t, w.last, ps[len(ps)-1], "last paragraph")
	}

	for _, s := range a.Sections {
		for _, c := range variantChrome {
			assert.False(t, strings.EqualFold(s.Heading, c), "chrome %q kept as a heading", c)
		}
		for _, p := range s.Paragraphs {
			assert.NotEmpty(t, p, "empty paragraph under %q", s.Heading)
			assert.False(t, strings.ContainsAny(p, "\r\n"), "paragraph with a line break: %q", p)
			assert.Equal(t, strings.TrimSpace(p), p, "paragraph with stray space: %q", p)
			assert.NotContains(t, p, "\ufeff", "paragraph with a byte-order mark")
			assert.NotEqual(t, "Deep Look", p, "the body marker kept as a paragraph")
			assert.NotEqual(t, w.headline, p, "the repeated headline kept as a paragraph")
			for _, c := range variantChrome {
				assert.NotContains(t, strings.ToLower(p), strings.ToLower(c), "chrome in a paragraph")
			}
		}
	}
}

func TestVariants(t *testing.T) {
	for _, tc := range variantCases {
		t.Run(strings.TrimSuffix(tc.file, ".txt"), func(t *testing.T) {
			src := readVariant(t, tc.file)
			a, err := Parse(bytes.NewReader(src))
			require.NoError(t, err)
			require.NotNil(t, a)
			checkVariant(t, a, tc.want)

			if j := tc.joined; j != nil {
				require.Greater(t, len(a.Sections), j.section)
				require.Greater(t, len(a.Sections[j.section].Paragraphs), j.index)
				assert.Equal(t, j.text, a.Sections[j.section].Paragraphs[j.index], "hard-wrapped lines joined with one space")
			}

			strict, serr := (&Parser{Strict: true}).Parse(bytes.NewReader(src))
			switch {
			case tc.warns:
				assert.NotEmpty(t, a.Warnings, "a missing Quick Looks block is warned about")
				require.Error(t, serr, "strict mode turns the warning into an error")
				assert.ErrorIs(t, serr, ErrStrict)
				assert.Nil(t, strict)
			case tc.anyWarnings:
				t.Logf("warnings: %v", a.Warnings)
			default:
				assert.Empty(t, a.Warnings)
				assert.NoError(t, serr)
			}

			s, err := ParseString(string(src))
			require.NoError(t, err)
			assert.Equal(t, a, s, "ParseString and Parse agree")
		})
	}
}

func TestVariantsMulti(t *testing.T) {
	src := readVariant(t, "multi.txt")
	seq := (&Parser{}).Articles(bytes.NewReader(src))
	require.NotNil(t, seq, "Parser.Articles returned a nil iterator")
	var got []*Article
	for a, err := range seq {
		require.NoError(t, err)
		got = append(got, a)
	}
	require.Len(t, got, len(multiWant))
	for i, w := range multiWant {
		t.Run(w.dateline, func(t *testing.T) {
			checkVariant(t, got[i], w)
			assert.Empty(t, got[i].Warnings)
		})
	}

	// Parse wants exactly one article; the second begins on its header line.
	a, err := Parse(bytes.NewReader(src))
	assert.Nil(t, a)
	require.ErrorIs(t, err, ErrMultipleArticles)
	var pe *ParseError
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, multiHeaderLines[1], pe.Line)
}

// errorCase is a fixture of testdata/errors and the error it must give.
type errorCase struct {
	file string
	want error
	line int // -1: FORMAT.md and errors.go fix no line
}

func TestErrorFixtures(t *testing.T) {
	tests := []errorCase{
		{"empty.txt", ErrEmpty, 0}, // errors.go: Line is 0 for an empty input
		{"prose.txt", ErrNotArticle, -1},
		{"binary.bin", ErrNotArticle, -1}, // errors.go: binary data is ErrNotArticle
		{"page.html", ErrNotArticle, -1},
		{"latin1.txt", ErrInvalidUTF8, 5},             // the first byte 0xE9 is on line 5 (another on line 12)
		{"two-articles.txt", ErrMultipleArticles, 17}, // line 16 is blank, 17 the second header
	}

	// Every file in testdata/errors has a case: a new one cannot go untested.
	entries, err := os.ReadDir(filepath.Join("testdata", "errors"))
	require.NoError(t, err)
	require.NotEmpty(t, entries)
	for _, e := range entries {
		assert.True(t, slices.ContainsFunc(tests, func(tt errorCase) bool { return tt.file == e.Name() }),
			"testdata/errors/%s has no test case", e.Name())
	}

	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join("testdata", "errors", tt.file))
			require.NoError(t, err)
			for name, parse := range map[string]func() (*Article, error){
				"Parse":       func() (*Article, error) { return Parse(bytes.NewReader(src)) },
				"ParseString": func() (*Article, error) { return ParseString(string(src)) },
			} {
				a, err := parse()
				assert.Nil(t, a, "%s: no half-filled article", name)
				require.Error(t, err, name)
				assert.ErrorIs(t, err, tt.want, name)
				var pe *ParseError
				require.ErrorAs(t, err, &pe, name)
				if tt.line >= 0 {
					assert.Equal(t, tt.line, pe.Line, "%s: ParseError.Line", name)
				}
			}
		})
	}

	t.Run("two-articles.txt/Articles", func(t *testing.T) {
		f, err := os.Open(filepath.Join("testdata", "errors", "two-articles.txt"))
		require.NoError(t, err)
		defer f.Close()
		var datelines []string
		for a, err := range Articles(f) {
			require.NoError(t, err)
			datelines = append(datelines, a.Dateline)
		}
		assert.Equal(t, []string{"CHICAGO", "SEATTLE"}, datelines)
	})

	t.Run("too-large", func(t *testing.T) {
		src, err := os.ReadFile(filepath.Join("testdata", "xi-putin.txt"))
		require.NoError(t, err)
		p := Parser{MaxBytes: 100}
		a, err := p.Parse(bytes.NewReader(src))
		assert.Nil(t, a)
		assert.ErrorIs(t, err, ErrTooLarge)
		var pe *ParseError
		assert.ErrorAs(t, err, &pe)
		a, err = p.ParseString(string(src))
		assert.Nil(t, a)
		assert.ErrorIs(t, err, ErrTooLarge)
	})
}

// TestVariantFixturesSelfCheck checks the expectations above against the
// fixture text with a naive reading that knows the expected headings, without
// the parser: it fails when an expectation is a typo, not when the parser is
// wrong.
func TestVariantFixturesSelfCheck(t *testing.T) {
	for _, tc := range variantCases {
		t.Run(strings.TrimSuffix(tc.file, ".txt"), func(t *testing.T) {
			lines := variantLines(readVariant(t, tc.file))
			selfCheck(t, lines, tc.want, tc.joined != nil)
			if j := tc.joined; j != nil {
				// The paragraph is wrapped over several lines: some line of
				// the fixture holds its start but not all of it.
				assert.True(t, slices.ContainsFunc(lines, func(l string) bool {
					return len(l) < len(j.text) && strings.HasPrefix(j.text, l+" ")
				}), "the joined paragraph is wrapped in the fixture")
			}
		})
	}
	t.Run("multi", func(t *testing.T) {
		lines := variantLines(readVariant(t, "multi.txt"))
		for i, w := range multiWant {
			start := multiHeaderLines[i] - 1
			end := len(lines)
			if i+1 < len(multiHeaderLines) {
				end = multiHeaderLines[i+1] - 1
				assert.Equal(t, variantChrome[0], lines[end-1], "the comment prompt directly precedes the next header")
			}
			selfCheck(t, lines[start:end], w, false)
		}
	})
}

// variantLines splits a fixture into lines without BOM, CR or trailing space.
func variantLines(src []byte) []string {
	s := strings.TrimPrefix(string(src), "\ufeff")
	s = strings.TrimSuffix(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	return lines
}

func selfCheck(t *testing.T, lines []string, w variantWant, wrapped bool) {
	t.Helper()
	// Header line: HEADLINE/ byline fields/ SUMMARY.
	header := lines[0]
	require.True(t, strings.HasPrefix(header, w.headline+"/ "), "header starts with the headline")
	require.True(t, strings.HasSuffix(header, "/ "+w.summary), "header ends with the summary")
	mid := strings.Split(header[len(w.headline)+2:len(header)-len(w.summary)-2], "/ ")
	var byline []string
	for _, f := range []string{w.publisher, w.location, strings.Join(w.authors, "|"), w.edition} {
		if f != "" {
			byline = append(byline, f)
		}
	}
	for i, f := range mid {
		mid[i] = strings.NewReplacer(", ", "|", " & ", "|", " and ", "|").Replace(f)
	}
	assert.Equal(t, byline, mid, "byline fields")

	// Quick Looks.
	i := slices.Index(lines, w.qlTitle)
	if w.qlTitle == "" {
		for _, l := range lines {
			assert.False(t, strings.HasSuffix(l, "Quick Looks"), l)
		}
	} else {
		require.GreaterOrEqual(t, i, 0, "quick-looks title")
		var items []string
		for _, l := range lines[i+1:] {
			if l == "" {
				break
			}
			_, item, ok := strings.Cut(l, " ")
			require.True(t, ok)
			items = append(items, item)
		}
		require.Len(t, items, w.qlCount)
		assert.Equal(t, w.qlFirst, items[0])
		assert.Equal(t, w.qlLast, items[len(items)-1])
	}

	// Body: from the dateline on, split at the expected headings.
	start := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, w.dateline+" ") })
	require.GreaterOrEqual(t, start, 0, "dateline")
	var sections [][]string
	sections = append(sections, nil)
	next := 1
	var para []string
	flush := func() {
		if len(para) > 0 {
			sections[len(sections)-1] = append(sections[len(sections)-1], strings.Join(para, " "))
			para = nil
		}
	}
	for _, l := range lines[start:] {
		if wrapped {
			assert.LessOrEqual(t, len([]rune(l)), 72, "hard-wrapped at 72 columns: %q", l)
		}
		switch {
		case slices.ContainsFunc(variantChrome, func(c string) bool { return strings.EqualFold(c, l) }):
			flush()
		case l == "":
			flush()
		case next < len(w.headings) && l == w.headings[next]:
			flush()
			sections = append(sections, nil)
			next++
		default:
			para = append(para, l)
			if !wrapped {
				flush()
			}
		}
	}
	flush()
	counts := make([]int, len(sections))
	for k, s := range sections {
		counts[k] = len(s)
	}
	assert.Equal(t, len(w.headings), len(sections), "every expected heading is a line of the fixture")
	assert.Equal(t, w.paras, counts)
	assert.Equal(t, w.first, sections[0][0])
	last := sections[len(sections)-1]
	assert.Equal(t, w.last, last[len(last)-1])
}
