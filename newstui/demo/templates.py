"""Provides the sentence templates the demo newsroom writes its headlines and articles from."""

from __future__ import annotations

# Slots are str.format fields filled from words.POOLS plus numbers and names drawn per story.
HEADLINES: dict[str, tuple[str, ...]] = {
    "world": (
        "{place} votes to {policy} after {n}-hour debate",
        "Floods close {road} as {place} braces for more rain",
        "{official} resigns over {scandal}",
        "{country} and {country2} sign water-sharing accord",
        "Thousands march in {place} over {grievance}",
        "{place} ferry strike enters {ordinal} day",
        "Election in {country}: {party} claims early lead",
        "Bridge at {place} reopens {n} years after collapse",
        "{country} recalls ambassador from {country2} in row over {dispute}",
        "Wildfire near {place} contained, officials say",
        "{official} promises inquiry into {scandal}",
        "Census shows {place} population up {pct} per cent",
    ),
    "business": (
        "{company} profits rise {pct}% on strong {segment} sales",
        "{company} to cut {jobs} jobs in {place}",
        "Shares in {company} slide after {setback}",
        "{company} agrees {money} takeover of {company2}",
        "Central bank of {country} holds rates at {rate}%",
        "{company} chief executive {person} to step down",
        "{place} port traffic hits record as {goods} exports boom",
        "Inflation in {country} eases to {rate}%",
        "{company} opens {n} stores despite high-street gloom",
        "Regulator fines {company} {money} over {breach}",
    ),
    "science": (
        "Astronomers at {institute} spot {celestial}",
        "New species of {creature} found in {habitat} near {place}",
        "{institute} study links {factor} to {outcome}",
        "Researchers map {few} previously unknown {things} under {place}",
        "Probe {probe} sends first images from {target}",
        "Ancient {artifact} unearthed at {place} dig",
        "Why {creatures} {behaviour}, according to a new study",
        "Glacier above {place} retreated {n} metres last year, survey finds",
        "Trial of {treatment} shows promise, {institute} says",
    ),
    "tech": (
        "{company} unveils {product}, promises {n}-hour battery life",
        "{project} {version} released with {feature}",
        "Outage at {company} knocks {service} offline for {n} hours",
        "{company} fixes flaw that let {attack}",
        "{country} to require {requirement}",
        "Developers rally around {project} after maintainer steps back",
        "Review: {product} is {verdict}",
        "{company} buys start-up {startup} for {money}",
        "Why {place}'s libraries are lending out {gadget}",
    ),
    "sport": (
        "{team} beat {team2} {score} to go top",
        "{team} and {team2} draw {draw} in rain-soaked derby",
        "{person} wins {race} in record time",
        "{team} part ways with manager {person2} after {few} straight defeats",
        "{person} to miss {event} with {injury}",
        "Late goal sends {team} into the {cup} final",
        "{place} to host {event} in {year}",
        "{person} retires at {age}: 'It was simply time'",
    ),
    "culture": (
        "{person}'s new novel '{work}' tops bestseller list",
        "{venue} to close for {n}-month renovation",
        "Review: '{work}' at {venue} is {verdict}",
        "{festival} announces {year} line-up",
        "Lost {artwork} by {person} found in {place} attic",
        "{orchestra} names {person2} as principal conductor",
        "{place} library celebrates {n} years with free concerts",
        "Film '{work}' wins top prize at the {place} Film Festival",
    ),
}

# Headlines with characters a sanitizer must pass through harmlessly: & and quotes, a [bracketed]
# word as news sites print them. Used on the business desk every few stories.
AWKWARD_HEADLINES: tuple[str, ...] = (
    '{company} & {company2} merger "on track", says {person} [updated]',
    'Markets wrap: "cautious optimism" as {company} & peers rally [live]',
    '{company} rejects "hostile" bid from {company2} [analysis]',
    'Q&A: what the "{segment} plan" at {company} means for savers [explainer]',
)

STANDFIRSTS: dict[str, tuple[str, ...]] = {
    "world": (
        "Officials in {place} say the change will take effect within weeks, though critics vow to "
        "fight on.",
        "The decision follows months of argument and a petition signed by {big} residents.",
        "Neighbouring towns are watching closely as {place} tries something new.",
    ),
    "business": (
        "Analysts had expected a quieter quarter, and the shares moved {pct}% in early trading.",
        "The company says the plan will save {money} a year by {year}.",
        "Investors in {place} are split on what it means for the wider market.",
    ),
    "science": (
        "The findings, published this week, surprised even the team that made them.",
        "Researchers say the result needs confirming but could change how the field works.",
        "It took {n} years of patient measurement to get here.",
    ),
    "tech": (
        "The company says users need do nothing, but experts suggest updating anyway.",
        "Early testers are impressed, with a few reservations.",
        "It is the biggest change to the project in {n} years.",
    ),
    "sport": (
        "A crowd of {big} saw a match that will be talked about for seasons.",
        "The result leaves the table tighter than it has been for years.",
        "Nobody in {place} will forget this one quickly.",
    ),
    "culture": (
        "Critics and audiences rarely agree, but this time they seem to.",
        "The announcement has delighted regulars in {place}.",
        "It is the first major change at the institution in {n} years.",
    ),
}

# The first sentence of an article, tying its body to the story whatever the headline was.
LEADS: dict[str, tuple[str, ...]] = {
    "world": (
        "Events in {place} moved quickly on {weekday}, and officials spent much of the day "
        "explaining what comes next.",
        "The news reached {place} early on {weekday} morning and dominated conversation by lunch.",
    ),
    "business": (
        "{company} set out the details in a statement to the Varnholt exchange early on {weekday}.",
        "The announcement came shortly after markets opened in {place} on {weekday}.",
    ),
    "science": (
        "The work, led by researchers at {institute}, appears this week in a peer-reviewed "
        "journal.",
        "The discovery was announced on {weekday} by a team working near {place}.",
    ),
    "tech": (
        "The news was confirmed in a blog post on {weekday} morning.",
        "Word spread quickly through developer forums on {weekday}.",
    ),
    "sport": (
        "It was an afternoon that {team} supporters will not forget in a hurry.",
        "The news broke on {weekday} evening, hours before training resumed in {place}.",
    ),
    "culture": (
        "The news was confirmed on {weekday} by organisers in {place}.",
        "Word of it spread through the arts community in {place} on {weekday}.",
    ),
}

SENTENCES: dict[str, tuple[str, ...]] = {
    "world": (
        "{official} told reporters the plan had been discussed for more than a year.",
        "Opposition councillors in {place} called the move rushed and promised a legal challenge.",
        "Residents of {place2} said they would wait to see whether the promises were kept.",
        "The regional assembly of {country} is expected to debate the matter in {month}.",
        "Local businesses were divided, with some warning of higher costs.",
        "A spokesperson for {party} said the party welcomed the outcome.",
        "Police said the day passed largely peacefully, with {n} minor arrests.",
        "The town last faced a similar decision in {past_year}, when the vote went the other way.",
        "Campaigners gathered outside the town hall with hand-painted banners.",
        "An independent review is due to report by the end of {month}.",
        "Several ferry crossings were cancelled, and the coast road remained closed overnight.",
    ),
    "business": (
        "{company} said trading in {place} had been stronger than expected.",
        "Its shares have risen {pct}% since the start of the year.",
        "The group employs about {big} people across {country}.",
        "Analysts at {company2} described the figures as solid but unspectacular.",
        "The company expects the deal to complete by {month}, subject to regulatory approval.",
        "Unions said they would seek urgent talks about the plans.",
        "Smaller rivals have struggled with rising energy and transport costs.",
        "{person} said the board remained confident in its long-term strategy.",
        "The central bank of {country} next meets in {month}.",
        "Retail sales in {place} rose {pct}% last month, official figures show.",
        "The firm was founded in {place2} in {past_year} as a family bakery.",
    ),
    "science": (
        "The team from {institute} spent {n} months collecting measurements.",
        "Similar results were reported in {past_year}, but from a much smaller sample.",
        "{person}, who led the study, said the data were clearer than anyone had hoped.",
        "Other researchers cautioned that more work was needed before firm conclusions are drawn.",
        "The samples will be stored at {institute} for future study.",
        "Funding for the project came from a public grant and a local foundation in {place}.",
        "The next phase of observations is due to begin in {month}.",
        "Volunteers in {place2} helped to record more than {big} observations.",
        "The paper has been peer reviewed and its data are openly available.",
        "Instruments on the ridge above {place} recorded the changes every hour.",
    ),
    "tech": (
        "{company} said the update would roll out gradually over the coming weeks.",
        "Security researchers in {place} first reported the problem in {month}.",
        "Version {version} also fixes {n} smaller bugs reported by users.",
        "The price starts at {money_small}, slightly more than the previous model.",
        "Engineers traced the fault to a configuration change made during routine maintenance.",
        "Volunteers maintain the project in their spare time, funded by small donations.",
        "{person}, an analyst, said the market for such devices was crowded.",
        "There is no evidence that the flaw was used by attackers, the company said.",
        "The source code is available under an open licence.",
        "Customers in {country} were the worst affected.",
    ),
    "sport": (
        "{team} took the lead after {minute} minutes through a fine header.",
        "The visitors had the better of the second half but could not find an equaliser.",
        "{person2} praised the players' spirit after the final whistle.",
        "The win lifts {team} {n} points clear at the top of the table.",
        "Medical staff will assess the injury over the coming days.",
        "Tickets for the next home match sold out within an hour.",
        "It was the club's first win at the ground since {past_year}.",
        "{person} finished {seconds} seconds ahead of the nearest rival.",
        "Supporters travelled from {place2} despite the weather.",
        "The league's disciplinary panel will review an incident from the first half.",
    ),
    "culture": (
        "The production runs at {venue} until the end of {month}.",
        "{person} spent {n} years writing the book, much of it in {place2}.",
        "Tickets went on sale this morning and the opening night sold out.",
        "The venue has hosted concerts, plays and the occasional wedding since {past_year}.",
        "Critics singled out the lighting and the score for particular praise.",
        "Entry to the exhibition is free for residents of {place}.",
        "{person2} said the team wanted to reach audiences who rarely go to the theatre.",
        "A touring version is planned for {year}.",
        "The work was thought lost after a fire in {past_year}.",
        "The festival attracted {big} visitors last year.",
    ),
}

GENERIC_SENTENCES: tuple[str, ...] = (
    "More details are expected later this week.",
    "Not everyone is convinced.",
    "The announcement was made at a press conference in {place}.",
    "It is the latest in a series of changes that began last spring.",
    "A full statement was published online on {weekday}.",
    "Reaction on social media was mixed.",
    "Questions remain about how the plans will be paid for.",
    "Similar moves elsewhere have had mixed results.",
)

SUBHEADINGS: tuple[str, ...] = (
    "What happens next",
    "A long time coming",
    "Reaction",
    "The numbers",
    "Background",
    "Why it matters",
    "Not everyone agrees",
    "Looking ahead",
)

QUOTES: tuple[str, ...] = (
    "We have waited a long time for this, and we do not intend to waste it.",
    "Nobody expected it to be easy, but I think we got it right.",
    "It is a good day for {place}, and frankly a surprising one.",
    "There is still a great deal of work to do.",
    "I have never seen anything quite like it.",
    "We listened, we changed our minds, and that is how it should work.",
)

KEY_POINTS: tuple[str, ...] = (
    "The change takes effect in {month}",
    "About {big} people are directly affected",
    "A review is due in {year}",
    "{place2} is expected to follow",
    "The cost is estimated at {money}",
    "Critics have {n} weeks to lodge objections",
)

COMMENTS: tuple[str, ...] = (
    "About time, frankly.",
    "I live in {place} and nobody asked us.",
    "Great reporting, thank you.",
    "Does anyone know if this affects {place2} too?",
    "Seen it all before. Nothing will change.",
    "The photo caption is wrong, that is the old bridge.",
    "My grandmother always said this would happen.",
    "Subscribed just to say: well done.",
)
