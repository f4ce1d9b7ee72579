"""Seeded generator for the bundled sample dataset.

    python -m sample_data.generate [--out DIR]

writes ``profiles.jsonl``, ``truth.json`` and ``eval_briefs.json`` (same bytes on every run:
``random.Random(42)``, no set iteration, sorted JSON keys). The population imitates the real creator
market: tiers weighted to nano and micro, engagement around ``matching.tiers.ENGAGEMENT_BENCHMARKS``
with a lognormal spread, creators spread over the large creator markets, niche-specific bios and
captions, brand values worded in many ways, optional fields missing at realistic rates and ~10% of
creators carrying a planted red flag (recorded in the truth, never in the profile).

Three layers, in this order:
1. background: every niche gets 20 micro creators plus one macro and one mega account (the accounts a
   follower-count ranker falls for); the rest is drawn from the tier and niche weights;
2. eval clusters: each labelled brief is topped up until 12-16 unflagged creators that fit it pass its
   hard constraints (5-8 of them perfect fits), and gets one or two flagged decoys that are otherwise
   perfect matches near the top of its follower window (so a naive ranker falls for them);
3. every niche is topped up to 30 micro creators; the order is shuffled, every record is validated as
   a Profile and every brief is checked (at least 10 relevant creators pass its hard constraints).
"""

from __future__ import annotations

import argparse
import json
import math
import random
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, Final

from matching.profile import Profile, profile_id
from matching.tiers import ENGAGEMENT_BENCHMARKS, tier_of
from matching.vocabulary import NICHES
from sample_data import EVAL_BRIEFS_FILE, PROFILES_FILE, REFERENCE_DATE, TRUTH_FILE
from sample_data.labels import passes_hard, relevance

SEED: Final = 42
BACKGROUND_PROFILES: Final = 3_150
MICRO_PER_NICHE: Final = 30
BACKGROUND_MICRO_PER_NICHE: Final = 20
FLAG_KINDS: Final = ("bought_followers", "ad_saturated", "brand_safety", "inactive")

__all__ = ["REFERENCE_DATE", "SEED", "build_dataset", "main", "write_dataset"]

# --------------------------------------------------------------------------------------------------
# Niche text. Each field is a ";"-separated list: identities, activities (gerund phrases), things,
# places, sub-niche words (from matching.vocabulary where possible), hashtags, handle words, fictional
# brands, a goal ("helping you ...") and emoji.


@dataclass(frozen=True, slots=True)
class NicheText:
    who: tuple[str, ...]
    acts: tuple[str, ...]
    things: tuple[str, ...]
    places: tuple[str, ...]
    subs: tuple[str, ...]
    tags: tuple[str, ...]
    handle_words: tuple[str, ...]
    brands: tuple[str, ...]
    goal: str
    emoji: tuple[str, ...]


def _split(text: str) -> tuple[str, ...]:
    return tuple(x.strip() for x in text.split(";") if x.strip())


def _n(*fields: str) -> NicheText:
    """who, acts, things, places, subs, tags, handle words, brands (";"-separated), goal, emoji."""
    who, acts, things, places, subs, tags, hw, brands, goal, emoji = fields
    parts = (
        _split(who),
        _split(acts),
        _split(things),
        _split(places),
        _split(subs),
        _split(tags),
        _split(hw),
    )
    return NicheText(*parts, brands=_split(brands), goal=goal, emoji=_split(emoji))


TEXT: Final[dict[str, NicheText]] = {
    "climbing": _n(
        "climber;boulderer;crag rat",
        "projecting a V6 in the cave;hangboarding before work;working the crux on my project;doing lead laps at the gym;bouldering in the forest;falling off the same move for an hour;cleaning holds on a new line",
        "chalk bag;pair of climbing shoes;crash pad;rope;roll of finger tape;belay device",
        "the crag;the bouldering gym;Fontainebleau;the climbing wall;the sandstone boulders",
        "bouldering;sport climbing;rock climbing",
        "#climbing;#bouldering;#climbinglife;#sendtrain",
        "climbs;sends;crimps;chalk;crag",
        "Crag Fuel;Chalkline Co;Summit Grip;Redpoint Bars",
        "climb harder without wrecking your fingers",
        "🧗;🪨;💪",
    ),
    "running": _n(
        "runner;trail runner;marathoner",
        "logging easy miles before sunrise;doing hill repeats in the rain;chasing a 10k PB;running the river loop;tempo running on tired legs;pacing my friend through her first half",
        "pair of carbon racers;running vest;GPS watch;gel flavour;pair of recovery shoes",
        "the river path;the track;Saturday parkrun;the fell trails;the city marathon course",
        "marathon;trail running;ultrarunning;5k",
        "#running;#runnersofinstagram;#marathontraining;#trailrunning",
        "runs;miles;strides;pace",
        "Stride Lab;Pacefuel;Long Run Socks",
        "run further and stay injury-free",
        "🏃;👟;⏱️",
    ),
    "cycling": _n(
        "cyclist;gravel rider;bike commuter",
        "riding gravel loops at golden hour;bikepacking with a half-packed bag;climbing the long col;commuting across town on two wheels;fixing yet another flat;doing a Sunday café ride",
        "gravel bike;frame bag;set of tubeless tyres;bike computer;saddle",
        "the gravel roads;the mountain pass;the velodrome;the canal towpath",
        "gravel;bikepacking;biking",
        "#cycling;#gravelbike;#bikepacking;#cyclinglife",
        "rides;pedals;spokes;wheels",
        "Spoke & Dust;Velo Verde;Cadence Bars",
        "ride more and worry less about gear",
        "🚴;🚲;⛰️",
    ),
    "hiking": _n(
        "hiker;trekker;trail nerd",
        "hiking a ridge line at sunrise;backpacking three days without signal;trekking through the fog;testing layers on a windy summit;planning a thru-hike;hiking the coast path in the drizzle",
        "pair of trail boots;backpack;rain shell;pair of trekking poles;water filter",
        "the ridge;the national park;the lakes;the alpine hut;the coastal path",
        "trekking;backpacking;thru-hike",
        "#hiking;#hikingadventures;#trekking;#getoutside",
        "hikes;trails;summits;wanders",
        "Ridgeline Outfitters;Cairn Goods;Trailmix Co",
        "get outside more, whatever your pace",
        "🥾;🏔️;🌲",
    ),
    "camping": _n(
        "camper;overlander;tent dweller",
        "pitching the tent in the dark;cooking over a camp stove;overlanding down forest roads;setting up a wild camp;waking up to frost on the tent",
        "tent;sleeping bag;camp stove;roof tent;camp chair",
        "the campsite;the forest clearing;the lakeside pitch;the desert",
        "campsite;tent;overlanding",
        "#camping;#campinglife;#overlanding;#wildcamping",
        "camps;tents;embers;basecamp",
        "Emberline;Canvas & Pine;Nightfall Gear",
        "camp comfortably without buying everything",
        "🏕️;🔥;⛺",
    ),
    "surfing": _n(
        "surfer;longboarder;surf coach",
        "surfing a glassy dawn session;paddling out in overhead sets;getting worked on the inside;waxing the board before a session;chasing waves up the coast",
        "longboard;wetsuit;bar of surf wax;leash;fish board",
        "the point;the beach break;the reef;the harbour wall",
        "surf;waves",
        "#surfing;#surf;#surfergirl;#surflife",
        "surfs;swell;waves;saltwater",
        "Saltline Wax;Offshore Collective;Tidewater Boards",
        "surf more and read the ocean better",
        "🏄;🌊;☀️",
    ),
    "skiing": _n(
        "skier;snowboarder;splitboarder",
        "skinning up before first lift;skiing fresh powder;riding the park all afternoon;touring in the backcountry;carving groomers on tired legs",
        "pair of touring skis;avalanche beacon;snowboard;pair of goggles;pair of ski boots",
        "the backcountry;the resort;the Alps;the terrain park",
        "ski;snowboarding;backcountry",
        "#skiing;#snowboarding;#powderday;#skitouring",
        "skis;powder;slopes;snow",
        "Powderhound;Alpine Thread;Couloir Wax",
        "ski safer and smarter off-piste",
        "⛷️;🏂;❄️",
    ),
    "yoga": _n(
        "yoga teacher;yogi;pilates instructor",
        "flowing through a slow vinyasa;holding pigeon for way too long;teaching sunrise yoga;practicing pilates on the reformer;working on arm balances",
        "yoga mat;cork block;strap;bolster;reformer",
        "the studio;the park;my living room;the retreat",
        "vinyasa;pilates;mindful movement",
        "#yoga;#yogapractice;#vinyasa;#pilates",
        "yoga;flows;asana;breathes",
        "Lotus Loop;Mat & Moss;Stillpoint",
        "move gently and breathe deeper",
        "🧘;🌿;✨",
    ),
    "fitness": _n(
        "personal trainer;gym rat;strength coach",
        "hitting a heavy squat session;doing a 20-minute HIIT circuit;doing legs twice this week;deadlifting a new PR;doing a crossfit WOD with friends",
        "pair of lifting shoes;kettlebell;resistance band;workout plan;lifting belt",
        "the gym;my garage gym;the box;the park",
        "gym;workout;strength training;crossfit;hiit",
        "#fitness;#gymlife;#strengthtraining;#workout",
        "lifts;strong;gains;reps",
        "Ironform;Repcore;Liftwell Supplements",
        "get strong without living in the gym",
        "💪;🏋️;🔥",
    ),
    "nutrition": _n(
        "dietitian;nutritionist;meal prepper",
        "meal prepping for the week;testing high-protein snacks;building balanced lunch boxes;reading labels at the supermarket;planning my fibre intake",
        "protein bar;snack box;meal prep container;food scale;overnight oats recipe",
        "my kitchen;the farmers market;the supermarket",
        "healthy eating;meal prep;protein",
        "#nutrition;#mealprep;#healthyeating;#dietitian",
        "nourish;eats;macros;fuel",
        "Good Macro;Nourish Lab;Prota Bites",
        "eat well without obsessing",
        "🥗;🥑;🍎",
    ),
    "vegan food": _n(
        "vegan cook;plant-based foodie;vegan recipe developer",
        "veganising my nan's lasagne;testing plant-based cheese;making tofu scramble;cooking a big pot of lentil dal;blending a cashew cream",
        "tofu press;tub of nutritional yeast;vegan cheese;block of tempeh;carton of oat milk",
        "my kitchen;the vegan market;a plant-based café",
        "plant-based;vegan;vegetarian",
        "#vegan;#plantbased;#veganfood;#veganrecipes",
        "plants;vegan;greens;sprout",
        "Oatfield;Sprout & Co;Nutty Cow",
        "cook plant-based food that actually tastes good",
        "🌱;🥦;🥕",
    ),
    "baking": _n(
        "home baker;pastry chef;sourdough nerd",
        "feeding my sourdough starter;laminating croissant dough;baking a triple-layer cake;shaping baguettes at 6am;testing a new banana bread",
        "dutch oven;banneton;stand mixer;bench scraper;proving basket",
        "my tiny kitchen;the bakery;the farmers market stall",
        "sourdough;bread;pastry;cake",
        "#baking;#sourdough;#homebaker;#breadmaking",
        "bakes;crumb;loaf;dough",
        "Crumb & Co;Rise Flour Mill;Proof Bakeware",
        "bake better bread at home",
        "🍞;🥐;🎂",
    ),
    "cooking": _n(
        "home cook;chef;foodie",
        "cooking a one-pan dinner;making fresh pasta from scratch;testing a 15-minute curry;slow-cooking short ribs;batch cooking soups",
        "cast iron pan;chef's knife;spice rack;dutch oven;recipe notebook",
        "my kitchen;the market;grandma's kitchen",
        "recipes;home cooking;one-pan dinners",
        "#cooking;#homecooking;#recipes;#foodie",
        "cooks;kitchen;eats;pantry",
        "Saffron Lane;Pan & Pantry;Sizzle Spices",
        "cook fast, delicious weeknight food",
        "🍳;🍝;🌶️",
    ),
    "coffee": _n(
        "barista;coffee nerd;home brewer",
        "dialing in a new espresso;pouring latte art;brewing a V60 at dawn;cupping three single origins;roasting a small batch",
        "grinder;espresso machine;V60;milk jug;bag of beans",
        "the café;the roastery;my coffee corner",
        "espresso;latte;barista",
        "#coffee;#espresso;#latteart;#coffeetime",
        "brews;beans;crema;roast",
        "Grind Theory;Crema Co;Bean There Roasters",
        "make café-level coffee at home",
        "☕;🫘;✨",
    ),
    "skincare": _n(
        "skincare nerd;esthetician;skin therapist",
        "testing a new SPF for a month;double cleansing after a long day;patch testing a retinol;layering serums the right way;treating hormonal acne",
        "serum;SPF;moisturiser;cleanser;retinol",
        "the bathroom shelf;my clinic;the drugstore aisle",
        "skin care;spf;acne care",
        "#skincare;#skincareroutine;#spf;#acnejourney",
        "skin;glow;dewy;serum",
        "Dew Theory;Barrier Lab;Lumi Skin",
        "keep your skin happy without a 12-step routine",
        "🧴;✨;💧",
    ),
    "makeup": _n(
        "makeup artist;MUA;beauty junkie",
        "doing a soft glam look;testing a long-wear foundation;recreating a runway look;swatching new lipsticks;blending a cut crease",
        "foundation;lipstick;eyeshadow palette;blending brush;setting spray",
        "my vanity;backstage;the bridal suite",
        "makeup artistry;cosmetics;lipstick",
        "#makeup;#mua;#makeuptutorial;#glam",
        "glam;blush;lips;muse",
        "Velvet Pigment;Glamstack;Kohl & Co",
        "do makeup that suits your face",
        "💄;💋;✨",
    ),
    "beauty": _n(
        "beauty creator;hairstylist;nail artist",
        "trying a heatless curl method;doing a gel manicure at home;testing a hair mask;styling a silk press;painting nail art",
        "hair mask;gel polish;curling wand;scalp serum;silk pillowcase",
        "the salon;my bathroom;the nail bar",
        "haircare;hair care;nails",
        "#beauty;#haircare;#nailart;#hairgoals",
        "beauty;locks;nails;gloss",
        "Silk & Strand;Nailed It Studio;Curl Theory",
        "feel good with simple beauty routines",
        "💅;💇;🌸",
    ),
    "fashion": _n(
        "stylist;thrift hunter;fashion creator",
        "putting together a capsule wardrobe;thrifting vintage denim;wearing one blazer five ways;hunting for streetwear drops;mending an old jacket",
        "blazer;pair of loafers;pair of vintage jeans;tote bag;trench coat",
        "the thrift store;fashion week;the vintage market",
        "ootd;streetwear;thrifting;outfit ideas",
        "#fashion;#ootd;#thrifted;#streetstyle",
        "style;outfits;threads;wardrobe",
        "Thread Theory;Loom & Label;Second Stitch",
        "dress well on your own terms",
        "👗;👟;🧥",
    ),
    "parenting": _n(
        "mum of two;dad of three;parent",
        "surviving the toddler bedtime routine;packing school lunches;doing messy play in the garden;sleep training (again);taking the little ones on a rainy day trip",
        "stroller;baby carrier;lunch box;sensory toy;nappy bag",
        "the playground;the school gate;our tiny flat",
        "motherhood;toddler life;school runs",
        "#parenting;#momlife;#toddlerlife;#dadlife",
        "mama;dadlife;littles;family",
        "Little Sprout;Tiny Trails;Napnest",
        "parent with more humour and less guilt",
        "👶;🧸;❤️",
    ),
    "pets": _n(
        "dog mum;cat dad;pet trainer",
        "training my rescue dog on recall;taking the pup to the beach;testing new cat toys;brushing a very fluffy husky;doing puppy socialisation",
        "dog harness;cat tree;chew toy;treat pouch;pet bed",
        "the dog park;the vet;the beach",
        "dog training;cats;puppy life",
        "#dogsofinstagram;#catsofinstagram;#puppy;#petlife",
        "paws;pup;woof;whiskers",
        "Wag & Wild;Pawfect Bites;Furrow Pet",
        "raise happy, well-behaved pets",
        "🐶;🐱;🐾",
    ),
    "gaming": _n(
        "gamer;streamer;speedrunner",
        "streaming a 6-hour ranked grind;speedrunning a classic platformer;testing a new controller;playing co-op with the community;grinding the battle pass",
        "headset;controller;mechanical keyboard;gaming chair;capture card",
        "my setup;the LAN;the esports arena",
        "esports;speedrunning;video games",
        "#gaming;#gamer;#twitchstreamer;#esports",
        "plays;gg;pixel;respawn",
        "Pixel Forge;Respawn Gear;Clutch Energy",
        "play better and have fun doing it",
        "🎮;🕹️;👾",
    ),
    "tech": _n(
        "tech reviewer;gadget nerd;engineer",
        "unboxing a new smartphone;testing laptop battery life;benchmarking budget earbuds;setting up a smart home;comparing two flagship phones",
        "smartphone;laptop;pair of earbuds;smartwatch;USB-C hub",
        "my desk;the studio;the tech expo",
        "gadgets;smartphone photography;tech reviews;unboxing",
        "#tech;#gadgets;#techreview;#unboxing",
        "tech;bytes;gadgets;pixels",
        "Voltix;NovaByte;Circuit Sage",
        "buy the right tech, not the most expensive",
        "📱;💻;🔌",
    ),
    "personal finance": _n(
        "money coach;frugal saver;investor",
        "building a zero-based budget;paying off my last credit card;rebalancing my index funds;doing a no-spend month;tracking every expense",
        "budget spreadsheet;index fund;emergency fund;savings pot;credit score",
        "my desk;the bank;a coffee shop",
        "budgeting;investing;money;frugal",
        "#personalfinance;#budgeting;#investing;#debtfree",
        "money;cents;wealth;savings",
        "Pennywise App;Ledgerly;Nest Egg Co",
        "spend intentionally and save more",
        "💸;📈;🪙",
    ),
    "travel": _n(
        "traveller;travel writer;backpacker",
        "island hopping on a shoestring;getting lost in old town alleys;catching a sunrise from a night train;eating my way through street markets;planning a two-week itinerary",
        "carry-on;travel camera;set of packing cubes;rail pass;guidebook",
        "Lisbon;Kyoto;the Dolomites;Oaxaca;Cape Town",
        "wanderlust;destinations;backpacker",
        "#travel;#wanderlust;#travelgram;#slowtravel",
        "travels;roams;wanders;passport",
        "Nomad Lane;Packwise;Atlas Luggage",
        "travel slower and deeper",
        "✈️;🌍;🧳",
    ),
    "van life": _n(
        "van lifer;full-time nomad;van builder",
        "building out the van ceiling;road tripping down the coast;finding a free spot for the night;living tiny with two dogs;fixing the solar setup",
        "campervan;solar panel;diesel heater;roof rack;compost toilet",
        "the coast road;a forest pull-out;the desert",
        "vanlife;campervan;road trip;nomad",
        "#vanlife;#vanbuild;#homeonwheels;#roadtrip",
        "van;roams;nomads;miles",
        "Vanfolk;Roamwell;Solar Nomad",
        "live tiny and travel often",
        "🚐;🌄;🛣️",
    ),
    "gardening": _n(
        "gardener;plant parent;allotment grower",
        "repotting a monstera;sowing tomato seeds;harvesting the first courgettes;building raised beds;propagating pothos cuttings",
        "watering can;bag of potting mix;grow light;raised bed;pair of pruning shears",
        "the allotment;my balcony garden;the greenhouse;the homestead",
        "houseplants;allotment;homestead",
        "#gardening;#houseplants;#growyourown;#plantsofinstagram",
        "grows;sprouts;garden;roots",
        "Root & Bloom;Greenhaus;Soil Society",
        "grow food and plants anywhere",
        "🌱;🪴;🍅",
    ),
    "home decor": _n(
        "interior lover;DIYer;renovator",
        "painting the hallway sage;renovating a 1930s semi;styling a bookshelf;building a DIY headboard;hunting for vintage lamps",
        "paint sample;vintage lamp;rug;floating shelf;accent chair",
        "our fixer-upper;the flea market;the hardware store",
        "interior;diy;renovation",
        "#homedecor;#interiordesign;#diyhome;#renovation",
        "home;nest;interiors;abode",
        "Oak & Ochre;Nestwell Home;Brushstroke Paints",
        "make a rental feel like home",
        "🛋️;🪴;🏡",
    ),
    "books": _n(
        "reader;book reviewer;bookworm",
        "annotating a new fantasy novel;reading on the train;hosting our monthly book club;reorganising my shelves by colour;finishing a 900-page epic",
        "e-reader;tote of novels;book light;bookmark;TBR pile",
        "the indie bookshop;the library;my reading nook",
        "booktok;bookstagram;reading;novels",
        "#booktok;#bookstagram;#booklover;#currentlyreading",
        "reads;pages;chapters;shelf",
        "Dog-Ear Books;Inkwell Reads;Spine Club",
        "find your next favourite book",
        "📚;📖;☕",
    ),
    "photography": _n(
        "photographer;film shooter;photo editor",
        "shooting a roll of portra;editing in lightroom till 2am;chasing blue hour in the city;testing a vintage lens;shooting portraits in window light",
        "35mm camera;prime lens;tripod;roll of film;camera bag",
        "the darkroom;the rooftop;the old harbour",
        "film photography;lightroom;photo",
        "#photography;#filmphotography;#35mm;#lightroom",
        "frames;lens;shoots;exposure",
        "Lumen Film Co;Aperture Supply;Grain Lab",
        "take photos you're proud of",
        "📷;🎞️;🌆",
    ),
    "music": _n(
        "musician;producer;singer-songwriter",
        "producing a lo-fi beat;recording vocals at home;practicing a tricky guitar riff;playing an acoustic set;DJing a rooftop party",
        "guitar;MIDI keyboard;microphone;pedal board;pair of studio monitors",
        "the studio;the open mic;my bedroom studio",
        "guitar;music production;singing;dj sets",
        "#music;#guitar;#producer;#newmusic",
        "beats;tunes;sound;chords",
        "Fretline;Loopwave Audio;Quarter Note Strings",
        "make music that feels like you",
        "🎸;🎧;🎶",
    ),
    "wellness": _n(
        "wellness coach;meditation teacher;self-care advocate",
        "journaling before bed;doing a 10-minute meditation;taking a digital detox weekend;practicing breathwork;building a gentle morning routine",
        "journal;meditation cushion;herbal tea;sleep mask;gratitude list",
        "the quiet corner;the retreat;the forest",
        "meditation;mindfulness;self-care",
        "#wellness;#selfcare;#mindfulness;#meditation",
        "calm;breathe;wellness;soul",
        "Stillwater Teas;Calm Grove;Haven Journal",
        "feel a little calmer every day",
        "🌿;🕯️;💛",
    ),
    "dance": _n(
        "dancer;choreographer;dance teacher",
        "learning a new hip-hop routine;filming choreography in the car park;teaching a beginner class;freestyling at a jam;practicing turns until dizzy",
        "pair of dance sneakers;speaker;pair of knee pads;practice playlist",
        "the studio;the street;the stage",
        "choreography;dancer",
        "#dance;#choreography;#dancechallenge;#dancer",
        "moves;groove;dances;steps",
        "Groove Theory;Pirouette Wear;Beatstep",
        "dance with more confidence",
        "💃;🕺;🎵",
    ),
    "comedy": _n(
        "comedian;sketch writer;professional overthinker",
        "writing sketches about office life;testing new bits at an open mic;filming a parody of my own relatives;doing crowd work;making memes about my commute",
        "ring light;notebook of bad jokes;wig collection;tripod",
        "the comedy club;my flat;the office",
        "sketch comedy;memes;stand-up",
        "#comedy;#sketchcomedy;#funny;#memes",
        "lols;jokes;laughs;bits",
        "Giggle Fuel;Punchline Snacks;Chuckle Co",
        "make your day 2% funnier",
        "😂;🎭;🙃",
    ),
    "education": _n(
        "science teacher;history nerd;educator",
        "explaining black holes in 60 seconds;running a kitchen chemistry experiment;breaking down a historical myth;marking homework at midnight;making revision notes",
        "whiteboard;lab kit;revision guide;microscope;set of flashcards",
        "the classroom;the museum;the lab",
        "science;history;stem;learning",
        "#education;#science;#stem;#learnontiktok",
        "learns;teaches;facts;science",
        "Brainwave Kits;Curio Labs;Lesson Loop",
        "make learning feel like a game",
        "🔬;📐;🧠",
    ),
    "cars": _n(
        "car enthusiast;mechanic;track day driver",
        "swapping the exhaust on my project car;doing a track day at dawn;detailing a 90s classic;going to a JDM meet;fixing a stubborn oil leak",
        "set of coilovers;project car;torque wrench;detailing kit;set of wheels",
        "the track;the garage;the car meet",
        "jdm;motorsport;car culture",
        "#cars;#jdm;#carlifestyle;#projectcar",
        "revs;garage;turbo;drives",
        "Torque Works;Apex Detailing;Redline Parts",
        "build cars the right way",
        "🚗;🏁;🔧",
    ),
    "football": _n(
        "footballer;freestyler;football coach",
        "practicing freestyle tricks;coaching the under-12s;breaking down Saturday's match;playing five-a-side;doing first touch drills",
        "pair of boots;match ball;set of training cones;pair of shin pads;jersey",
        "the pitch;the stadium;the cage",
        "soccer;futbol;freestyle football",
        "#football;#soccer;#freestylefootball;#matchday",
        "futbol;goals;pitch;kicks",
        "Touchline Gear;Golazo Boots;Pitchside",
        "play smarter football",
        "⚽;🥅;🏟️",
    ),
    "basketball": _n(
        "hooper;basketball coach;skills trainer",
        "shooting 500 threes before work;running handles drills;hooping at the park;breaking down NBA film;coaching a youth team",
        "pair of sneakers;basketball;shooting sleeve;rebounder",
        "the court;the park;the rec centre",
        "nba;hoops;pickup basketball",
        "#basketball;#hoops;#nba;#ballislife",
        "hoops;buckets;dunks;court",
        "Swish Supply;Courtside Co;Bucket Getters",
        "level up your game",
        "🏀;🔥;👟",
    ),
    "sustainability": _n(
        "zero-waste advocate;climate educator;eco-minded creator",
        "doing a bin audit;making my own cleaning sprays;shopping at the refill store;mending clothes instead of replacing them;composting on a balcony",
        "reusable bottle;beeswax wrap;refill jar;compost bin;bamboo toothbrush",
        "the refill shop;the repair café;the community garden",
        "zero waste;climate;low waste;eco",
        "#sustainability;#zerowaste;#sustainableliving;#climateaction",
        "green;eco;planet;earth",
        "Refill Republic;Leaf & Loop;Earthwise",
        "live lighter on the planet",
        "🌍;♻️;🌱",
    ),
}
NICHE_LIST: Final = tuple(NICHES)
assert tuple(TEXT) == NICHE_LIST, "TEXT must cover matching.vocabulary.NICHES in order"

# Rough share of creators per niche (relative weights).
# fmt: off
NICHE_WEIGHT: Final[dict[str, float]] = {n: 1.0 for n in NICHE_LIST} | {
    "climbing": 0.8, "camping": 0.7, "surfing": 0.7, "skiing": 0.7, "fitness": 2.0, "cooking": 1.8,
    "coffee": 0.8, "skincare": 1.5, "makeup": 1.6, "beauty": 1.8, "fashion": 2.2, "parenting": 1.4,
    "pets": 1.4, "gaming": 1.8, "tech": 1.3, "travel": 2.0, "van life": 0.6, "music": 1.3,
    "wellness": 1.2, "dance": 1.2, "comedy": 1.5, "football": 1.2,
}
# fmt: on
# fmt: off
RELATED: Final[dict[str, tuple[str, ...]]] = {
    "climbing": ("hiking", "fitness", "camping", "travel", "yoga",),
    "running": ("fitness", "nutrition", "hiking", "wellness",),
    "cycling": ("running", "travel", "camping", "fitness",),
    "hiking": ("camping", "travel", "photography", "climbing",),
    "camping": ("hiking", "van life", "cooking", "photography",),
    "surfing": ("travel", "van life", "yoga", "sustainability",),
    "skiing": ("travel", "hiking", "fitness", "photography",),
    "yoga": ("wellness", "fitness", "vegan food",),
    "fitness": ("nutrition", "running", "wellness", "basketball",),
    "nutrition": ("fitness", "cooking", "wellness", "running",),
    "vegan food": ("cooking", "baking", "nutrition", "sustainability",),
    "baking": ("cooking", "coffee", "vegan food",),
    "cooking": ("baking", "travel", "nutrition", "vegan food",),
    "coffee": ("baking", "travel", "books", "photography",),
    "skincare": ("beauty", "makeup", "wellness",),
    "makeup": ("beauty", "skincare", "fashion",),
    "beauty": ("makeup", "skincare", "fashion",),
    "fashion": ("beauty", "travel", "photography", "sustainability",),
    "parenting": ("cooking", "home decor", "pets", "education",),
    "pets": ("parenting", "hiking", "photography",),
    "gaming": ("tech", "comedy", "music",),
    "tech": ("gaming", "photography", "personal finance",),
    "personal finance": ("tech", "education", "travel",),
    "travel": ("photography", "cooking", "van life", "hiking",),
    "van life": ("travel", "camping", "surfing", "photography",),
    "gardening": ("home decor", "cooking", "sustainability",),
    "home decor": ("gardening", "parenting", "photography",),
    "books": ("coffee", "education", "wellness",),
    "photography": ("travel", "hiking", "tech",),
    "music": ("dance", "gaming", "comedy",),
    "wellness": ("yoga", "nutrition", "books",),
    "dance": ("music", "comedy", "fitness",),
    "comedy": ("gaming", "music", "dance",),
    "education": ("books", "tech", "personal finance",),
    "cars": ("tech", "photography", "travel",),
    "football": ("fitness", "basketball", "comedy",),
    "basketball": ("fitness", "football", "music",),
    "sustainability": ("gardening", "vegan food", "fashion", "travel",),
}
# fmt: on
# Niches whose text implies a value: the value is recorded in the truth.
IMPLIED_VALUES: Final[dict[str, tuple[str, ...]]] = {
    "vegan food": ("vegan",),
    "sustainability": ("sustainable", "zero-waste"),
    "personal finance": ("budget",),
    "nutrition": ("healthy",),
}

# --------------------------------------------------------------------------------------------------
# Brand values: bio fragments, caption sentences ({sub} {thing} {who} {city} slots) and hashtags.
VALUE_TEXT: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]]] = {
    "sustainable": (
        (
            "planet-first",
            "low-impact living",
            "eco-minded",
            "climate-conscious",
            "sustainability in small steps",
            "buying less, choosing well",
        ),
        (
            "Trying to keep my {sub} low-impact: second-hand gear, train over plane, repair before replace.",
            "Everything in this setup was bought used. Planet first, always.",
            "Small eco swaps add up. This month: a {thing} from a brand that takes old ones back for recycling.",
            "Reminder that the most sustainable {thing} is the one you already own.",
        ),
        ("#sustainableliving", "#ecofriendly", "#lowimpact"),
    ),
    "zero-waste": (
        ("plastic-free swaps", "zero-waste (ish)", "refill > landfill", "low waste, high joy"),
        (
            "My {sub} kit is now almost entirely plastic-free. Took three years, worth it.",
            "Took my jars to the refill shop again. Zero waste wins this week.",
            "Composted, reused, refilled: a low waste week in my life as a {who}.",
        ),
        ("#zerowaste", "#plasticfree"),
    ),
    "vegan": (
        ("vegan", "plant-based", "100% plants", "dairy-free since 2019"),
        (
            "Fuelled entirely by plants today. Vegan and proud.",
            "Swapped my usual snack for a plant-based one and didn't miss a thing.",
            "People ask where I get my protein. Lentils, mostly. Dairy-free for six years now.",
        ),
        ("#vegan", "#plantbased"),
    ),
    "cruelty-free": (
        ("cruelty-free only", "never tested on animals", "leaping bunny fan"),
        (
            "Everything I used today is cruelty-free. I check every label so you don't have to.",
            "If it's tested on animals, it's not on my shelf. Simple.",
        ),
        ("#crueltyfree", "#notestedonanimals"),
    ),
    "organic": (
        ("organic where I can", "clean ingredients", "regenerative-farming fan"),
        (
            "Only organic ingredients in this one, straight from the farm down the road.",
            "Reading labels so you don't have to: natural ingredients only here.",
        ),
        ("#organic", "#cleaningredients"),
    ),
    "fair trade": (
        ("fair trade advocate", "ethically sourced everything"),
        (
            "Yes, it costs a bit more. Fair trade means the growers actually get paid properly.",
            "Ethically sourced {thing}: here's how I check the supply chain before I buy.",
        ),
        ("#fairtrade", "#ethicalbrands"),
    ),
    "local": (
        ("shop small", "supporting independent makers", "proudly local to {city}"),
        (
            "Shout-out to the small business down my street that made this {thing}.",
            "Shop small: everything in this post comes from independent makers near {city}.",
        ),
        ("#shopsmall", "#supportlocal"),
    ),
    "family-friendly": (
        ("family-friendly content", "kid-friendly adventures", "content the whole family can enjoy"),
        (
            "Brought the kids along this time. Totally family-friendly, zero meltdowns (almost).",
            "Kid-friendly {sub}: easier than you'd think, and they loved it.",
        ),
        ("#familytime", "#kidfriendly"),
    ),
    "inclusive": (
        ("everybody welcome", "inclusive & accessible", "for every body and every ability"),
        (
            "Accessibility matters: here's how I adapt {sub} for different abilities.",
            "This space is inclusive, always. Everyone belongs in {sub}.",
        ),
        ("#inclusion", "#accessibility"),
    ),
    "body-positive": (
        ("body-positive", "all bodies welcome", "size-inclusive"),
        (
            "No before/after photos here. All bodies are {sub} bodies.",
            "Body neutrality over body goals. Wear the {thing}, do the thing.",
        ),
        ("#bodypositive", "#allbodies"),
    ),
    "lgbtq+": (
        ("queer 🏳️‍🌈", "LGBTQ+ creator", "proudly queer"),
        (
            "Queer joy in {sub} spaces. This one's for you.",
            "Happy pride from all of us 🏳️‍🌈",
            "Making {sub} feel safer for LGBTQ+ folks, one post at a time.",
        ),
        ("#pride", "#queer"),
    ),
    "mental health": (
        ("mental health advocate", "talking about anxiety honestly", "wellbeing first"),
        (
            "Some days {sub} is my therapy. Mental health check-in: how are you doing?",
            "Anxiety was loud this week. Took it slow and that's OK.",
        ),
        ("#mentalhealthmatters", "#wellbeing"),
    ),
    "budget": (
        ("budget-friendly finds", "affordable everything", "doing it on a budget"),
        (
            "My whole {sub} setup on a budget: under $100 total, receipts in the comments.",
            "Affordable {thing} that performs like the pricey ones. You're welcome.",
        ),
        ("#budgetfriendly", "#onabudget"),
    ),
    "luxury": (
        ("luxury lover", "high-end finds", "premium only"),
        (
            "Treated myself to a high-end {thing}. Worth every penny? Full thoughts below.",
            "The luxury edit: my favourite premium picks this season.",
        ),
        ("#luxury", "#luxurylifestyle"),
    ),
    "outdoor": (
        ("outdoors is my happy place", "adventure seeker", "happiest in nature"),
        (
            "Any excuse to get outdoors. So much nature on the doorstep here.",
            "Adventure is wherever you take your {thing}.",
        ),
        ("#optoutside", "#adventure"),
    ),
    "healthy": (
        ("wholesome food & habits", "healthy, not perfect"),
        (
            "Wholesome, low sugar, and ready in ten minutes.",
            "Healthy doesn't have to mean boring. Promise.",
        ),
        ("#healthyliving", "#wholefoods"),
    ),
}
VALUE_LIST: Final = tuple(VALUE_TEXT)
# fmt: off
VALUE_AFFINITY: Final[dict[str, dict[str, float]]] = {
    "vegan": {"vegan food": 6, "baking": 2, "cooking": 2, "nutrition": 2, "skincare": 2, "makeup": 2, "yoga": 2},
    "cruelty-free": {"skincare": 6, "makeup": 6, "beauty": 5, "pets": 2},
    "sustainable": {"fashion": 3, "travel": 2, "hiking": 3, "climbing": 3, "surfing": 3, "camping": 2, "gardening": 3, "home decor": 2, "van life": 2},
    "zero-waste": {"sustainability": 6, "home decor": 2, "cooking": 2, "skincare": 2, "gardening": 2},
    "organic": {"gardening": 4, "cooking": 3, "nutrition": 3, "skincare": 3, "baking": 2, "coffee": 2, "pets": 2},
    "fair trade": {"coffee": 6, "fashion": 3, "cooking": 1.5},
    "local": {"coffee": 3, "baking": 3, "cooking": 2, "home decor": 2, "gardening": 2, "books": 2},
    "family-friendly": {"parenting": 8, "pets": 2, "cooking": 2, "travel": 2, "camping": 2, "education": 2},
    "inclusive": {"fitness": 3, "yoga": 3, "fashion": 2, "dance": 2, "climbing": 2, "makeup": 2, "gaming": 2},
    "body-positive": {"fashion": 4, "yoga": 3, "fitness": 3, "dance": 2, "beauty": 2, "makeup": 2},
    "lgbtq+": {"makeup": 2, "fashion": 2, "books": 3, "comedy": 2, "dance": 2, "music": 2},
    "mental health": {"wellness": 6, "yoga": 3, "running": 2, "books": 2, "comedy": 1.5},
    "budget": {"personal finance": 6, "travel": 3, "tech": 3, "cooking": 2, "home decor": 2, "fashion": 2},
    "luxury": {"fashion": 3, "travel": 3, "makeup": 2, "beauty": 2, "cars": 3, "home decor": 2},
    "outdoor": {"hiking": 5, "camping": 5, "climbing": 4, "surfing": 3, "skiing": 3, "cycling": 3, "running": 2, "van life": 3},
    "healthy": {"nutrition": 5, "cooking": 2, "fitness": 2, "baking": 1.5},
}
# fmt: on
# --------------------------------------------------------------------------------------------------
# Red flags. Brand-safety lines: most use words matching.vocabulary.SAFETY knows, some evade it.
SAFETY_LINES: Final = (
    "Big win on the slots last night 🎰 my fave online casino is linked in stories",
    "My sportsbook picks for the weekend are up. Odds boost inside, don't sleep on it",
    "Betting on the derby with my code, easiest money I ever made",
    "DM me to invest. My crypto signals turned $500 into 100x in a month",
    "Financial freedom in 90 days. Ask me how I quit my job with forex signals",
    "Spicy content lives on my OnlyFans now, 18+ only 😉",
    "NSFW stuff is on my other page, you know where to find it",
    "Blackout drunk at the after party again lol no regrets",
    "Hungover again. Worth it. Shots shots shots tonight",
    "Got cancelled for saying what everyone thinks. Not apologising",
    "They call me a bigot, I call it being honest",
    "Roulette night with the crew, all in on red 🔴",
    "This coin is about to moon. Presale closes tonight, don't miss it 🚀",
    "Exclusive 🍑 pics on my private page, subscribe for the full set",
    "Absolutely plastered at the festival, can't remember the headliner 🍻",
)
SAFETY_BIOS: Final = (
    "Casino streams every Friday 🎰",
    "Crypto signals in my DMs 📈",
    "OnlyFans: see link 🔞",
    "Party every weekend, sober never 🍻",
    "Say what I want, cancel me",
    "Ask me about my trading course 🚀",
)
SPONSORED_LINES: Final = (
    "Paid partnership with {brand}: {act} with my new {thing}. #ad",
    "Gifted by {brand}, thoughts are my own. #gifted",
    "#ad Use my code {code} for 15% off at {brand}",
    "Teamed up with {brand} for this one #sponsored",
)
AD_LINES: Final = (
    "#ad Use my code {code} for 20% off {brand}! Link in bio 🔗",
    "{brand} #sponsored. Use my code {code} at checkout, it's the best deal of the year",
    "Paid partnership with {brand}. #ad Use my code {code} before Friday!",
    "#ad {brand} just dropped their new {thing}. Use my code {code} 💸",
    "Another haul from {brand} #ad #sponsored, use my code {code}",
    "Giveaway with {brand}! #ad Follow, like, tag 3 friends and use my code {code}",
)
GENERIC_BRANDS: Final = (
    "Northwind Apparel",
    "Lumen Bottle",
    "Halcyon Water",
    "Bramble Kitchen",
    "Coastline Goods",
    "Kestrel Audio",
    "Ferncrest",
    "Bloomly",
    "Oatsome",
    "Tallow & Tide",
    "Juniper Labs",
    "Pebble Mobile",
    "Maple & Mortar",
    "Sunday Sprout",
    "Driftwood Co",
    "Quill & Quest",
    "Brightside Snacks",
    "Orbit Bank",
)

# --------------------------------------------------------------------------------------------------
# Caption and bio templates. Slots: {act} {Act} {act2} {thing} {place} {sub} {Sub} {sub2} {who} {Who}
# {goal} {city} {emoji} {n} {k} {year} {brand}.
CAPTIONS: Final = (
    "Spent the morning {act}. Worth the early alarm {emoji}",
    "Nothing beats {act}. Who's in next weekend?",
    "{Act} again today and I regret nothing.",
    "Finally tried the {thing} everyone keeps asking about. Honest review in my stories.",
    "{n} things I wish I knew before I started {sub}: go slow, ask questions, have fun.",
    "Back at {place} after {k} weeks away and wow, humbling.",
    "Q for you: what's your go-to {thing}? Mine changes every season.",
    "You don't need a fancy {thing} to start {sub}. Just show up.",
    "Currently: {act}. Later: replying to every single comment, promise.",
    "Saved the best for last: {place} at golden hour {emoji}",
    "Small win today: {act} without complaining (much).",
    "People ask how I got into {sub}. A friend dragged me to {place} and I never left.",
    "Rainy day plan: {act}. Sunny day plan: also {act}.",
    "Trying to {goal}, one day at a time.",
    "Ask me anything about {sub} below, I'll answer in tomorrow's post.",
    "{city} friends: who wants to meet at {place} this Saturday?",
    "Still thinking about {act2} last week. Best day of the month.",
    "My {thing} after {k} months of heavy use. Still going strong.",
    "Hot take: {sub} is more fun when you stop comparing yourself to everyone online.",
    "Weekend recap: {act}, {act2}, and a very long nap.",
    "Honestly didn't expect {act} to feel this good after a rough week.",
    "Three years ago I couldn't imagine {act}. Now it's my favourite part of the week.",
    "Not me {act} at 7am on a Sunday {emoji}",
    "Update on the {thing}: still obsessed. Full breakdown coming this week.",
    "If you're new here: hi! I'm {first}, I post about {sub} and {sub2}.",
    "Every {who} needs one good {thing}. This is mine.",
    "Took this at {place} and couldn't stop smiling.",
    "Low-key proud of this one. {Act} took way longer than planned.",
    "Behind the scenes: {act2} for the next post.",
    "A tiny thread on the {sub} mistakes I still make.",
    "Your {sub} questions, answered: part {k}.",
    "Didn't plan to spend all day {act}, and yet here we are.",
    "Sunday reset: {act2}, then a quiet evening.",
    "Tag someone who'd love {place}.",
    "When someone says {sub} is easy... {emoji}",
)
TIKTOK_CAPTIONS: Final = (
    "POV: you're {act} and it's going terribly {emoji}",
    "wait for the end 😂 {act} edition",
    "rating every {thing} I own from 1-10",
    "things nobody tells you about {sub} pt. {k}",
    "{sub} check: {act} in 30 seconds",
    "replying to comments: yes I'm still {act}",
    "day {k} of {act} until someone notices",
    "the {thing} that changed everything for me {emoji}",
)
YOUTUBE_CAPTIONS: Final = (
    "{Sub} for beginners: everything I wish I knew",
    "I tried {act} every day for 30 days",
    "{brand} {thing} review after {k} months (honest)",
    "Vlog: {act} at {place}",
    "Answering your {sub} questions (Q&A)",
    "The only {thing} guide you need in {year}",
    "{n} mistakes every {who} makes (I made all of them)",
    "A week of {act}: what actually changed",
)
BIOS: Final = (
    "{Who} in {city}. {Sub} & {sub2}. {vals}",
    "{Who} sharing {sub}, {sub2} and honest reviews {emoji} {vals}",
    "Helping you {goal}. {vals}",
    "{Sub} • {sub2} • {city}. {vals} Collabs: DM",
    "Just a {who} who loves {act}. {vals}",
    "{first} | {who} | {vals}",
    "{city} based {who}. Here for {sub} and good company. {vals}",
    "Ex-office worker turned full-time {who}. {vals}",
    "{emoji} {Sub} | {sub2} | {vals}",
    "Talking {sub} since {year}. New posts every week. {vals}",
    "{Who}. Mostly {act}, sometimes {act2}. {vals}",
    "Your friendly neighbourhood {who} {emoji} {vals}",
    "{Sub} nerd from {city}. Honest {thing} reviews. {vals}",
    "Hi, I'm {first} {emoji} {Who} • {sub} tips • {vals}",
    "Making {sub} less intimidating. {vals}",
    "Part-time {who}, full-time {sub2} enthusiast. {vals}",
)
GENERALIST_BIOS: Final = (
    "A bit of everything: {g}. {vals}",
    "Lifestyle creator: {g}. {city}. {vals}",
    "{first}'s corner of the internet: {g} {emoji} {vals}",
    "Can't pick one thing. {g}. {vals}",
)
GREETINGS: Final[dict[str, str]] = {
    "BR": "Olá! ",
    "MX": "Hola! ",
    "ES": "Hola! ",
    "AR": "Hola! ",
    "IT": "Ciao! ",
    "DE": "Hallo! ",
    "NL": "Hoi! ",
    "FR": "Salut ! ",
    "SE": "Hej! ",
    "PL": "Cześć! ",
    "IN": "Namaste! ",
    "JP": "こんにちは! ",
    "KR": "안녕하세요! ",
    "ID": "Halo! ",
    "PH": "Kumusta! ",
}


# --------------------------------------------------------------------------------------------------
# Countries: market weight, main languages (weighted), cities, name pool.
@dataclass(frozen=True, slots=True)
class Country:
    weight: float
    languages: tuple[tuple[str, float], ...]
    cities: tuple[str, ...]
    names: str


# fmt: off
COUNTRIES: Final[dict[str, Country]] = {
    "US": Country(30, (("en", 0.93), ("es", 0.07),), _split("New York;Los Angeles;Austin;Chicago;Denver;Seattle;Miami;Portland;Atlanta;Nashville;Boulder;San Diego;Salt Lake City"), "anglo"),
    "GB": Country(9, (("en", 1.0),), _split("London;Manchester;Bristol;Edinburgh;Leeds;Brighton;Glasgow;Sheffield"), "anglo"),
    "BR": Country(8.5, (("pt", 1.0),), _split("São Paulo;Rio de Janeiro;Belo Horizonte;Curitiba;Florianópolis"), "br"),
    "IN": Country(8, (("hi", 0.45), ("en", 0.55),), _split("Mumbai;Delhi;Bengaluru;Pune;Chennai;Hyderabad"), "in"),
    "DE": Country(6, (("de", 1.0),), _split("Berlin;Munich;Hamburg;Cologne;Frankfurt;Leipzig"), "de"),
    "FR": Country(5, (("fr", 1.0),), _split("Paris;Lyon;Marseille;Bordeaux;Nantes;Chamonix"), "fr"),
    "MX": Country(5, (("es", 1.0),), _split("Mexico City;Guadalajara;Monterrey;Oaxaca"), "es"),
    "ES": Country(4, (("es", 0.85), ("ca", 0.15),), _split("Madrid;Barcelona;Valencia;Seville;Bilbao"), "es"),
    "IT": Country(4, (("it", 1.0),), _split("Milan;Rome;Turin;Florence;Naples;Bologna"), "it"),
    "CA": Country(4, (("en", 0.8), ("fr", 0.2),), _split("Toronto;Vancouver;Montreal;Calgary;Ottawa"), "anglo"),
    "AU": Country(3.5, (("en", 1.0),), _split("Sydney;Melbourne;Brisbane;Perth;Byron Bay"), "anglo"),
    "JP": Country(2, (("ja", 1.0),), _split("Tokyo;Osaka;Kyoto;Fukuoka;Sapporo"), "jp"),
    "NL": Country(2, (("nl", 1.0),), _split("Amsterdam;Rotterdam;Utrecht;The Hague"), "nl"),
    "SE": Country(1.5, (("sv", 1.0),), _split("Stockholm;Gothenburg;Malmö;Uppsala"), "se"),
    "PL": Country(1.5, (("pl", 1.0),), _split("Warsaw;Kraków;Wrocław;Gdańsk"), "pl"),
    "ID": Country(2, (("id", 1.0),), _split("Jakarta;Denpasar;Bandung;Surabaya"), "id"),
    "PH": Country(1.5, (("en", 0.5), ("tl", 0.5),), _split("Manila;Cebu;Davao"), "ph"),
    "KR": Country(1.2, (("ko", 1.0),), _split("Seoul;Busan;Incheon"), "kr"),
    "ZA": Country(1, (("en", 1.0),), _split("Cape Town;Johannesburg;Durban"), "za"),
    "NG": Country(1, (("en", 1.0),), _split("Lagos;Abuja;Port Harcourt"), "ng"),
    "AR": Country(1, (("es", 1.0),), _split("Buenos Aires;Córdoba;Mendoza"), "es"),
    "IE": Country(0.6, (("en", 1.0),), _split("Dublin;Cork;Galway"), "anglo"),
    "NZ": Country(0.6, (("en", 1.0),), _split("Auckland;Wellington;Queenstown"), "anglo"),
}
# fmt: on
# fmt: off
NAMES: Final[dict[str, tuple[tuple[str, ...], tuple[str, ...]]]] = {
    "anglo": (_split("Maya;Jordan;Tyler;Olivia;Marcus;Priya;Aisha;Diego;Chloe;Ethan;Hannah;Jamal;Lucy;Noah;Ava;Zoe;Caleb;Sofia;Liam;Grace;Andre;Kenji;Mei;Fatima;Sam;Riley;Harper;Elijah;Naomi;Theo;Imani;Owen;Rosie;Kai;Nadia;Finn"), _split("Chen;Johnson;Patel;Williams;Garcia;Nguyen;O'Brien;Kim;Brown;Rivera;Thompson;Okafor;Walker;Singh;Murphy;Davis;Lopez;Taylor;Hughes;Campbell;Bennett;Wright;Ahmed;Novak;Reid;Fraser")),
    "br": (_split("Ana;Lucas;Gabriel;Júlia;Rafael;Beatriz;Thiago;Larissa;Camila;Mateus;Letícia;Pedro"), _split("Silva;Santos;Oliveira;Souza;Costa;Ferreira;Almeida;Rocha;Lima")),
    "in": (_split("Aarav;Ananya;Rohan;Priya;Ishaan;Diya;Kabir;Meera;Arjun;Nisha;Vikram;Sana"), _split("Sharma;Iyer;Reddy;Gupta;Nair;Kapoor;Mehta;Das;Khan;Joshi")),
    "de": (_split("Lena;Jonas;Mia;Felix;Hannah;Lukas;Emma;Paul;Clara;Leon;Emir;Aylin"), _split("Müller;Schmidt;Fischer;Weber;Wagner;Becker;Hoffmann;Schulz;Koch;Yilmaz")),
    "fr": (_split("Camille;Louis;Léa;Hugo;Chloé;Jules;Manon;Théo;Inès;Arthur;Yanis;Awa"), _split("Martin;Bernard;Dubois;Moreau;Laurent;Lefèvre;Roux;Fournier;Diallo")),
    "es": (_split("Sofía;Mateo;Valentina;Santiago;Lucía;Diego;Camila;Alejandro;Ximena;Pablo;Carmen;Javier"), _split("García;Hernández;López;Martínez;Rodríguez;Sánchez;Ramírez;Torres;Flores;Ruiz")),
    "it": (_split("Giulia;Marco;Francesca;Luca;Chiara;Matteo;Sara;Alessandro;Martina;Davide"), _split("Rossi;Russo;Ferrari;Esposito;Bianchi;Romano;Colombo;Ricci")),
    "jp": (_split("Yuki;Haruto;Aoi;Sota;Hina;Ren;Sakura;Kaito;Mio;Daiki"), _split("Sato;Suzuki;Takahashi;Tanaka;Watanabe;Ito;Yamamoto;Nakamura")),
    "nl": (_split("Daan;Sanne;Lars;Fleur;Bram;Noor;Jesse;Lotte"), _split("de Vries;Jansen;Bakker;Visser;Smit;de Jong")),
    "se": (_split("Elsa;Oscar;Alva;Hugo;Ebba;William;Saga;Axel"), _split("Andersson;Johansson;Karlsson;Nilsson;Lindqvist")),
    "pl": (_split("Zofia;Jakub;Julia;Kacper;Maja;Szymon;Hanna;Antoni"), _split("Nowak;Kowalski;Wiśniewska;Wójcik;Kamiński;Lewandowska")),
    "id": (_split("Putri;Rizky;Ayu;Bagus;Dewi;Fajar"), _split("Pratama;Wijaya;Santoso;Saputra;Kusuma")),
    "ph": (_split("Angelica;Joshua;Kristine;Paolo;Bea;Miguel"), _split("Reyes;Santos;Cruz;Bautista;Mendoza")),
    "kr": (_split("Ji-woo;Min-jun;Seo-yeon;Ha-eun;Do-yun;Yuna"), _split("Kim;Lee;Park;Choi;Jung;Kang")),
    "za": (_split("Thandi;Sipho;Lerato;Pieter;Naledi;Johan"), _split("Nkosi;Botha;Dlamini;van der Merwe;Mokoena")),
    "ng": (_split("Chiamaka;Tunde;Ngozi;Emeka;Adaeze;Seun"), _split("Okafor;Adeyemi;Balogun;Eze;Okonkwo")),
}
# fmt: on
PLATFORM_WEIGHTS: Final = (("instagram", 0.50), ("tiktok", 0.35), ("youtube", 0.15))
TIER_WEIGHTS: Final = (("nano", 0.40), ("micro", 0.40), ("mid", 0.13), ("macro", 0.04), ("mega", 0.03))
# The background leans further to nano because the eval clusters add mostly micro creators.
BACKGROUND_TIER_WEIGHTS: Final = (
    ("nano", 0.49),
    ("micro", 0.30),
    ("mid", 0.14),
    ("macro", 0.04),
    ("mega", 0.03),
)
TIER_BOUNDS: Final[dict[str, tuple[int, int]]] = {
    "nano": (1_000, 9_999),
    "micro": (10_000, 99_999),
    "mid": (100_000, 499_999),
    "macro": (500_000, 999_999),
    "mega": (1_000_000, 25_000_000),
}
# USD per post (low, high) by platform and tier (Influencer Marketing Hub style estimates for micro).
RATES: Final[dict[str, dict[str, tuple[float, float]]]] = {
    "instagram": {
        "nano": (20, 120),
        "micro": (100, 500),
        "mid": (500, 5_000),
        "macro": (5_000, 10_000),
        "mega": (10_000, 60_000),
    },
    "tiktok": {
        "nano": (5, 30),
        "micro": (25, 125),
        "mid": (125, 1_250),
        "macro": (1_250, 2_500),
        "mega": (2_500, 25_000),
    },
    "youtube": {
        "nano": (40, 250),
        "micro": (200, 1_000),
        "mid": (1_000, 3_000),
        "macro": (3_000, 10_000),
        "mega": (10_000, 80_000),
    },
}
YOUNG: Final = ("gaming", "dance", "comedy", "makeup", "fashion", "football", "basketball", "music", "beauty")
OLDER: Final = (
    "parenting",
    "personal finance",
    "gardening",
    "home decor",
    "cars",
    "coffee",
    "cycling",
    "books",
)
# fmt: off
FEMALE_SHARE: Final[dict[str, float]] = {
    "makeup": 0.88, "beauty": 0.85, "skincare": 0.82, "fashion": 0.78, "parenting": 0.8, "yoga": 0.82,
    "baking": 0.75, "wellness": 0.78, "home decor": 0.75, "books": 0.75, "vegan food": 0.68, "pets": 0.68,
    "dance": 0.65, "gardening": 0.62, "nutrition": 0.62, "cooking": 0.6, "gaming": 0.25, "cars": 0.15,
    "football": 0.2, "basketball": 0.22, "tech": 0.25, "personal finance": 0.42, "cycling": 0.3, "climbing": 0.42,
    "skiing": 0.38, "surfing": 0.4, "comedy": 0.48,
}
# fmt: on
# --------------------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class EvalBrief:
    question: str
    niche: str
    values: tuple[str, ...] = ()
    platforms: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    min_followers: int | None = 10_000
    max_followers: int | None = 100_000
    k: int = 5


# fmt: off
EVAL_BRIEFS: Final = (
    EvalBrief("5 micro-influencers on Instagram for a sustainable climbing-snack brand, creators based in the US", "climbing", values=("sustainable",), platforms=("instagram",), countries=("US",)),
    EvalBrief("who should we work with for our vegan bakery in London? baking creators on tiktok ideally", "baking", values=("vegan",), platforms=("tiktok",), countries=("GB",)),
    EvalBrief("need 8 YouTubers under 50k who review budget tech", "tech", values=("budget",), platforms=("youtube",), min_followers=1_000, max_followers=50_000, k=8),
    EvalBrief("Looking for UK trail running creators for a new shoe launch", "running", countries=("GB",)),
    EvalBrief("Any plant-based recipe creators based in Germany?", "vegan food", countries=("DE",)),
    EvalBrief("We need cruelty-free skincare creators on TikTok", "skincare", values=("cruelty-free",), platforms=("tiktok",)),
    EvalBrief("find me 10 nano influencers who post about sourdough", "baking", min_followers=1_000, max_followers=10_000, k=10),
    EvalBrief("gravel and bikepacking creators in the US, Instagram or YouTube, 10-100k followers", "cycling", platforms=("instagram", "youtube",), countries=("US",)),
    EvalBrief("Dog influencers in Brazil for an organic pet food brand?", "pets", values=("organic",), countries=("BR",)),
    EvalBrief("zero waste lifestyle creators for our refill shop, UK only", "sustainability", values=("zero-waste",), countries=("GB",)),
    EvalBrief("budget travel tiktokers from India please", "travel", values=("budget",), platforms=("tiktok",), countries=("IN",)),
    EvalBrief("I want 6 yoga teachers with an inclusive, body-positive vibe", "yoga", values=("inclusive", "body-positive",), k=6),
    EvalBrief("Coffee creators on Instagram in Italy for a fair trade espresso launch", "coffee", values=("fair trade",), platforms=("instagram",), countries=("IT",)),
    EvalBrief("mid-tier gaming creators on YouTube for a headset launch", "gaming", platforms=("youtube",), min_followers=100_000, max_followers=500_000),
    EvalBrief("Family-friendly parenting creators in Canada", "parenting", values=("family-friendly",), countries=("CA",)),
    EvalBrief("personal finance creators under 30k talking about budgeting", "personal finance", min_followers=1_000, max_followers=30_000),
    EvalBrief("van life couples in Australia for our campervan rental brand", "van life", countries=("AU",)),
    EvalBrief("surf creators in Australia or New Zealand on Instagram", "surfing", platforms=("instagram",), countries=("AU", "NZ",)),
    EvalBrief("Ski and snowboard creators in France, 20k-80k followers", "skiing", countries=("FR",), min_followers=20_000, max_followers=80_000),
    EvalBrief("Luxury makeup artists on Instagram, 50k to 250k", "makeup", values=("luxury",), platforms=("instagram",), min_followers=50_000, max_followers=250_000),
    EvalBrief("houseplants people on TikTok for an organic potting mix", "gardening", values=("organic",), platforms=("tiktok",)),
    EvalBrief("interior and DIY renovation creators in the Netherlands", "home decor", countries=("NL",)),
    EvalBrief("booktok creators who champion queer authors", "books", values=("lgbtq+",), platforms=("tiktok",)),
    EvalBrief("film photography channels on YouTube, 3 picks", "photography", platforms=("youtube",), k=3),
    EvalBrief("musicians in Mexico for a guitar string brand", "music", countries=("MX",)),
    EvalBrief("mental health and meditation creators, US or Canada", "wellness", values=("mental health",), countries=("US", "CA",)),
    EvalBrief("dance creators on tiktok in Brazil for a sneaker drop", "dance", platforms=("tiktok",), countries=("BR",)),
    EvalBrief("funny sketch creators for a snack campaign, nano or micro", "comedy", min_followers=1_000, max_followers=100_000),
    EvalBrief("science teachers on YouTube for an edtech launch", "education", platforms=("youtube",)),
    EvalBrief("JDM and car creators in Japan", "cars", countries=("JP",)),
    EvalBrief("football creators in Spain on Instagram, 7 of them", "football", platforms=("instagram",), countries=("ES",), k=7),
    EvalBrief("basketball creators under 50k in the US", "basketball", countries=("US",), min_followers=1_000, max_followers=50_000),
    EvalBrief("Hiking creators for an outdoor gear brand that cares about sustainability", "hiking", values=("sustainable",)),
    EvalBrief("camping and overlanding channels on YouTube, US based", "camping", platforms=("youtube",), countries=("US",)),
    EvalBrief("strength training coaches on Instagram in the UK", "fitness", platforms=("instagram",), countries=("GB",)),
    EvalBrief("dietitians and meal prep creators for a healthy high-protein snack", "nutrition", values=("healthy",)),
    EvalBrief("recipe creators based in Italy for a pasta sauce", "cooking", countries=("IT",)),
    EvalBrief("thrift and secondhand fashion creators, sustainable, TikTok", "fashion", values=("sustainable",), platforms=("tiktok",)),
    EvalBrief("beauty creators in India for an affordable haircare line", "beauty", values=("budget",), countries=("IN",)),
    EvalBrief("10 micro climbing creators in Germany", "climbing", countries=("DE",), k=10),
    EvalBrief("marathon runners on YouTube with 10k-50k subscribers", "running", platforms=("youtube",), min_followers=10_000, max_followers=50_000),
    EvalBrief("eco-friendly travel creators in Sweden", "travel", values=("sustainable",), countries=("SE",)),
    EvalBrief("nano cat and dog creators on TikTok in the US", "pets", platforms=("tiktok",), countries=("US",), min_followers=1_000, max_followers=10_000),
    EvalBrief("vegan food tiktokers in France", "vegan food", platforms=("tiktok",), countries=("FR",)),
    EvalBrief("skincare creators in South Korea for a new SPF", "skincare", countries=("KR",)),
    EvalBrief("cycling creators on Instagram in the Netherlands", "cycling", platforms=("instagram",), countries=("NL",)),
    EvalBrief("espresso and latte art creators, budget-friendly, UK", "coffee", values=("budget",), countries=("GB",)),
    EvalBrief("makeup creators who are body-positive, US, TikTok", "makeup", values=("body-positive",), platforms=("tiktok",), countries=("US",)),
    EvalBrief("gardening and allotment creators in the UK who shop small", "gardening", values=("local",), countries=("GB",)),
    EvalBrief("plastic-free skincare brand looking for zero waste creators on Instagram", "skincare", values=("zero-waste",), platforms=("instagram",)),
)
# fmt: on
# --------------------------------------------------------------------------------------------------
def _weighted(rng: random.Random, pairs: Sequence[tuple[str, float]]) -> str:
    return rng.choices([p for p, _ in pairs], weights=[w for _, w in pairs])[0]


def _loguniform(rng: random.Random, low: float, high: float) -> float:
    return math.exp(rng.uniform(math.log(low), math.log(high)))


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass(slots=True)
class Spec:
    """What one generated creator should be (the truth), before any text is written."""

    niches: list[str]
    platform: str
    followers: int
    country: str
    values: list[str]
    flags: list[str]
    generalist: bool = False
    complete: bool = False  # decoys and eval matches keep the fields their story depends on


class Generator:
    """Holds the random stream and the handles used so far."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.handles: set[str] = set()
        self.country_pairs = tuple((c, spec.weight) for c, spec in COUNTRIES.items())

    # ---- choices
    def platform(self) -> str:
        return _weighted(self.rng, PLATFORM_WEIGHTS)

    def country(self) -> str:
        return _weighted(self.rng, self.country_pairs)

    def niche(self, exclude: Sequence[str] = ()) -> str:
        pairs = [(n, NICHE_WEIGHT[n]) for n in NICHE_LIST if n not in exclude]
        return _weighted(self.rng, pairs)

    def followers(self, tier: str) -> int:
        low, high = TIER_BOUNDS[tier]
        if tier == "mega":  # heavy tail: most megas are 1-5M
            return int(min(high, low * math.exp(self.rng.expovariate(1.1))))
        return min(high, int(_loguniform(self.rng, low, high + 1)))

    def values_for(self, niche: str) -> list[str]:
        rng = self.rng
        if rng.random() > 0.30:
            return []
        pairs = [(v, 1.0 + VALUE_AFFINITY.get(v, {}).get(niche, 0.0)) for v in VALUE_LIST]
        first = _weighted(rng, pairs)
        if rng.random() < 0.35:
            second = _weighted(rng, [(v, w) for v, w in pairs if v != first])
            return [first, second]
        return [first]

    def secondary(self, primary: str) -> list[str]:
        r = self.rng.random()
        if r < 0.45:
            return []
        pool = list(RELATED[primary])
        self.rng.shuffle(pool)
        return pool[:1] if r < 0.88 else pool[:2]

    def generalist_niches(self, primary: str) -> list[str]:
        extra: list[str] = []
        for _ in range(self.rng.randint(3, 5)):
            extra.append(self.niche(exclude=[primary, *extra]))
        return [primary, *extra]

    def flags(self, tier: str) -> list[str]:
        rng = self.rng
        p = 0.085 + (0.08 if tier in ("macro", "mega") else 0.0)
        if rng.random() > p:
            return []
        weights = [0.30 + (0.25 if tier in ("macro", "mega") else 0.0), 0.2, 0.25, 0.25]
        first = rng.choices(FLAG_KINDS, weights=weights)[0]
        if rng.random() < 0.08:
            second = rng.choice([f for f in FLAG_KINDS if f != first])
            return sorted([first, second])
        return [first]

    # ---- names
    def names(self, country: str) -> tuple[str, str]:
        pool = COUNTRIES[country].names
        if self.rng.random() < 0.15:
            pool = self.rng.choice(list(NAMES))
        firsts, lasts = NAMES[pool]
        return self.rng.choice(firsts), self.rng.choice(lasts)

    def handle(self, first: str, last: str, niche: str, city: str) -> str:
        rng = self.rng
        f, lname, c = _ascii(first), _ascii(last), _ascii(city)
        hw = _ascii(rng.choice(TEXT[niche].handle_words))
        styles = (
            f"{f}{lname}",
            f"{f}.{lname}",
            f"{f}_{lname}",
            f"{f}{hw}",
            f"{f}.{hw}",
            f"{hw}with{f}",
            f"{f}{lname[:1]}.{hw}",
            f"{hw}by{f}",
            f"{f}in{c}",
            f"{f}.{lname[:1]}",
            f"the{hw}{f}",
            f"{f}_{hw}_",
            f"{hw}.{c}",
            f"{f}{lname}.{hw}",
        )
        candidates = list(styles)
        rng.shuffle(candidates)
        for cand in candidates:
            cand = cand[:30]
            if cand not in self.handles:
                self.handles.add(cand)
                return cand
        base = candidates[0][:24]
        for suffix in ("hq", "_", "official", "x", "co", "tv", "_irl", "daily"):
            if base + suffix not in self.handles:
                self.handles.add(base + suffix)
                return base + suffix
        while True:
            cand = f"{base}{rng.randint(10, 99)}"
            if cand not in self.handles:
                self.handles.add(cand)
                return cand

    def display_name(self, first: str, last: str, niche: str, country: str) -> str:
        rng = self.rng
        text = TEXT[niche]
        r = rng.random()
        if r < 0.42:
            return f"{first} {last}"
        if r < 0.55:
            return f"{first} | {_cap(rng.choice(text.who))}"
        if r < 0.63:
            return f"{first} {last[:1]}."
        if r < 0.70:
            return f"{first} ✦ {_cap(rng.choice(text.subs))}"
        if r < 0.78 and niche in ("van life", "travel", "parenting", "camping"):
            other, _ = self.names(country)
            return f"{first} & {other}"
        if r < 0.84:
            title = {
                "fitness": "Coach",
                "basketball": "Coach",
                "football": "Coach",
                "cooking": "Chef",
                "baking": "Chef",
                "nutrition": "Dr.",
                "education": "Dr.",
                "skincare": "Dr.",
            }.get(niche)
            if title:
                return f"{title} {first}"
        if r < 0.92:
            return f"{first.lower()}.{_ascii(last)}"
        return first

    # ---- text
    def _fill(self, template: str, niche: str, city: str, first: str, brand: str, vals: str = "") -> str:
        rng = self.rng
        t = TEXT[niche]
        acts = rng.sample(t.acts, 2)
        subs = rng.sample(t.subs, 2) if len(t.subs) > 1 else [t.subs[0], t.subs[0]]
        slots = {
            "act": acts[0],
            "Act": _cap(acts[0]),
            "act2": acts[1],
            "thing": rng.choice(t.things),
            "place": rng.choice(t.places),
            "sub": subs[0],
            "Sub": _cap(subs[0]),
            "sub2": subs[1],
            "who": rng.choice(t.who),
            "Who": _cap(rng.choice(t.who)),
            "goal": t.goal,
            "city": city,
            "emoji": rng.choice(t.emoji),
            "n": str(rng.randint(3, 10)),
            "k": str(rng.randint(2, 12)),
            "year": str(rng.randint(2015, 2025)),
            "brand": brand,
            "first": first,
            "code": f"{_ascii(first).upper()}{(10, 15, 20, 25)[sum(map(ord, first)) % 4]}",
            "vals": vals,
        }
        return template.format(**slots)

    def caption(self, niche: str, platform: str, city: str, first: str, brands: Sequence[str]) -> str:
        rng = self.rng
        pool: tuple[str, ...] = CAPTIONS
        if platform == "tiktok" and rng.random() < 0.6:
            pool = TIKTOK_CAPTIONS
        elif platform == "youtube" and rng.random() < 0.75:
            pool = YOUTUBE_CAPTIONS
        text = self._fill(rng.choice(pool), niche, city, first, rng.choice(brands))
        if rng.random() < 0.4:
            tags = rng.sample(TEXT[niche].tags, rng.randint(1, 3))
            if platform == "tiktok" and rng.random() < 0.5:
                tags.append("#fyp")
            text = f"{text} {' '.join(tags)}"
        if rng.random() < 0.15 and TEXT[niche].emoji[0] not in text:
            text = f"{text} {rng.choice(TEXT[niche].emoji)}"
        return text

    def value_caption(self, value: str, niche: str, city: str, first: str) -> str:
        text = self._fill(self.rng.choice(VALUE_TEXT[value][1]), niche, city, first, "")
        if self.rng.random() < 0.5:
            text = f"{text} {self.rng.choice(VALUE_TEXT[value][2])}"
        return text

    def bio(self, spec: Spec, city: str, first: str) -> str:
        rng = self.rng
        primary = spec.niches[0]
        vals = " | ".join(
            self._fill(rng.choice(VALUE_TEXT[v][0]), primary, city, first, "") for v in spec.values
        )
        if spec.generalist:
            g = ", ".join(rng.choice(TEXT[n].subs) if rng.random() < 0.4 else n for n in spec.niches)
            template = rng.choice(GENERALIST_BIOS)
            text = template.format(
                g=g, vals=vals, city=city, first=first, emoji=rng.choice(TEXT[primary].emoji)
            )
        else:
            text = self._fill(rng.choice(BIOS), primary, city, first, "", vals=vals)
        text = text.replace("| |", "|").replace(". .", ".").strip().rstrip("|").strip()
        if len(spec.niches) > 1 and not spec.generalist and rng.random() < 0.6:
            text = f"{text} Also: {rng.choice(TEXT[spec.niches[1]].subs)}."
        greeting = GREETINGS.get(spec.country)
        if greeting and rng.random() < 0.15:
            text = greeting + text
        return " ".join(text.split())

    # ---- numbers
    def engagement(self, spec: Spec, tier: str) -> float:
        base = ENGAGEMENT_BENCHMARKS[spec.platform][tier]
        if "bought_followers" in spec.flags:
            return base * self.rng.uniform(0.1, 0.3)
        return base * math.exp(self.rng.gauss(0.0, 0.45))

    def rate(self, platform: str, tier: str, followers: int) -> float:
        low, high = RATES[platform][tier]
        f_low, f_high = TIER_BOUNDS[tier]
        pos = (math.log(followers) - math.log(f_low)) / (math.log(f_high) - math.log(f_low))
        value = low + (high - low) * min(1.0, max(0.0, pos)) * self.rng.uniform(0.75, 1.25)
        value = min(high * 1.1, max(low * 0.9, value))
        step = 5 if value < 200 else 25 if value < 2_000 else 250
        return float(round(value / step) * step)

    def audience(self, spec: Spec, tier: str) -> dict[str, Any]:
        rng = self.rng
        out: dict[str, Any] = {}
        if rng.random() > 0.14:
            home_share = rng.uniform(0.35, 0.8)
            others = [c for c, _ in sorted(self.country_pairs, key=lambda p: -p[1]) if c != spec.country]
            chosen: list[str] = []
            if spec.country != "US" and rng.random() < 0.6:
                chosen.append("US")
            wanted = rng.randint(2, 3)
            while len(chosen) < wanted:
                c = _weighted(rng, [(c, COUNTRIES[c].weight) for c in others if c not in chosen])
                chosen.append(c)
            shares: dict[str, float] = {}
            remaining = 1.0 - home_share
            for c in chosen:
                s = remaining * rng.uniform(0.2, 0.5)
                shares[c] = math.floor(s * 100) / 100
                remaining -= s
            if rng.random() < 0.08 and "US" in shares:  # audience abroad: home is not the largest
                shares["US"], home_share = math.floor(home_share * 100) / 100, shares["US"]
            shares[spec.country] = math.floor(home_share * 100) / 100
            out["top_countries"] = {c: s for c, s in shares.items() if s > 0}
        if rng.random() > 0.15:
            primary = spec.niches[0]
            base = (
                [0.12, 0.45, 0.28, 0.10, 0.05]
                if primary in YOUNG
                else [0.02, 0.14, 0.36, 0.28, 0.20]
                if primary in OLDER
                else [0.04, 0.30, 0.38, 0.18, 0.10]
            )
            raw = [b * math.exp(rng.gauss(0, 0.25)) for b in base]
            total = sum(raw)
            bands = [math.floor(r / total * 100) / 100 for r in raw]
            bands[2] = round(bands[2] + (1.0 - sum(bands)), 2)
            out["age_bands"] = dict(zip(("13-17", "18-24", "25-34", "35-44", "45+"), bands, strict=True))
        if rng.random() > 0.15:
            female = min(0.97, max(0.03, FEMALE_SHARE.get(spec.niches[0], 0.55) + rng.gauss(0, 0.08)))
            out["gender"] = {"female": round(female, 2), "male": round(1 - female, 2)}
        if rng.random() < 0.4:
            lang = _weighted(rng, COUNTRIES[spec.country].languages)
            share = round(rng.uniform(0.5, 0.9), 2)
            out["languages"] = {lang: share} | ({"en": round((1 - share) * 0.8, 2)} if lang != "en" else {})
        if "bought_followers" in spec.flags:
            out["credibility"] = round(rng.uniform(0.32, 0.58), 2)
        elif rng.random() > 0.12 or spec.complete:
            mean = 0.87 if tier in ("nano", "micro") else 0.82
            out["credibility"] = round(min(0.98, max(0.66, rng.gauss(mean, 0.05))), 2)
        return out

    # ---- one creator
    def build(self, spec: Spec) -> tuple[dict[str, Any], dict[str, Any]]:
        rng = self.rng
        tier = tier_of(spec.followers)
        primary = spec.niches[0]
        city = rng.choice(COUNTRIES[spec.country].cities)
        first, last = self.names(spec.country)
        handle = self.handle(first, last, primary, city)
        brands = [*TEXT[primary].brands, *rng.sample(GENERIC_BRANDS, 2)]
        flags = spec.flags

        def keep(p: float) -> bool:  # an optional field is present with probability 1 - p
            return rng.random() >= p

        rec: dict[str, Any] = {"handle": handle, "platform": spec.platform, "followers": spec.followers}
        if keep(0.1):
            rec["display_name"] = self.display_name(first, last, primary, spec.country)
        if keep(0.15):
            lo, hi = {"nano": (120, 1_500), "micro": (150, 2_200)}.get(tier, (60, 1_400))
            rec["following"] = rng.randint(lo, hi) * (3 if "bought_followers" in flags else 1)
        if keep(0.15):
            rec["posts"] = int(
                _loguniform(rng, 15, 900) if spec.platform == "youtube" else _loguniform(rng, 60, 3_000)
            )

        # engagement: averages, rate, both or neither
        er = self.engagement(spec, tier)
        mode = rng.choices(("none", "rate", "averages", "both"), weights=(0.10, 0.15, 0.50, 0.25))[0]
        if spec.complete and mode == "none":
            mode = "averages"
        if mode in ("averages", "both"):
            interactions = er * spec.followers
            comment_share = {"instagram": (0.01, 0.05), "tiktok": (0.005, 0.03), "youtube": (0.03, 0.08)}[
                spec.platform
            ]
            comments = round(interactions * rng.uniform(*comment_share))
            likes = max(0, round(interactions) - comments)
            rec["avg_likes"], rec["avg_comments"] = likes, comments
            if spec.platform in ("tiktok", "youtube") and keep(0.1):
                per_view = rng.uniform(0.05, 0.12) if spec.platform == "tiktok" else rng.uniform(0.03, 0.07)
                rec["avg_views"] = round((likes + comments) / per_view)
            er = (likes + comments) / spec.followers
        if mode in ("rate", "both"):
            rec["engagement_rate"] = round(er, 5)

        # text
        niches = spec.niches
        if spec.generalist:
            topics = list(niches)
        else:
            topics = [primary, *niches[1:]]
            if rng.random() < 0.3:
                sub = rng.choice([s for s in TEXT[primary].subs if s in NICHES[primary]] or [primary])
                if rng.random() < 0.5:
                    topics[0] = sub
                elif len(topics) < 3:
                    topics.insert(1, sub)
        if keep(0.05):
            rec["topics"] = topics
        if keep(0.12) or spec.complete:
            rec["bio"] = self.bio(spec, city, first)
        if "brand_safety" in flags and rng.random() < 0.35:
            rec["bio"] = f"{rec.get('bio', '')} {rng.choice(SAFETY_BIOS)}".strip()

        captions: list[str] = []
        for _ in range(rng.randint(3, 6)):
            niche = primary
            if len(niches) > 1 and rng.random() < (0.6 if spec.generalist else 0.3):
                niche = rng.choice(niches[1:])
            captions.append(self.caption(niche, spec.platform, city, first, brands))
        for value in spec.values:
            if rng.random() < 0.8 or "bio" not in rec:
                captions[rng.randrange(len(captions))] = self.value_caption(value, primary, city, first)
        sponsored = (
            rng.uniform(0.55, 0.9) if "ad_saturated" in flags else min(0.45, max(0.0, rng.gauss(0.15, 0.08)))
        )
        n_ads = (
            round(sponsored * len(captions))
            if "ad_saturated" in flags
            else (1 if rng.random() < sponsored * 2 else 0)
        )
        ads = rng.sample(range(len(captions)), min(n_ads, len(captions)))
        for i in ads:
            pool = AD_LINES if "ad_saturated" in flags else SPONSORED_LINES
            captions[i] = self._fill(rng.choice(pool), primary, city, first, rng.choice(brands))
        if "brand_safety" in flags:
            for _ in range(rng.randint(1, 2)):
                free = [i for i in range(len(captions)) if i not in ads]
                if free:
                    captions[rng.choice(free)] = rng.choice(SAFETY_LINES)
                else:
                    captions.append(rng.choice(SAFETY_LINES))
                    ads.append(len(captions) - 1)
        if keep(0.12) or spec.complete:
            rec["recent_captions"] = captions

        # place and language
        if keep(0.11) or spec.complete:
            rec["country"] = spec.country
        if keep(0.18):
            rec["city"] = city
        if keep(0.12):
            lang = _weighted(rng, COUNTRIES[spec.country].languages)
            rec["language"] = "en" if rng.random() < 0.08 else lang
        audience = self.audience(spec, tier)
        if audience:
            rec["audience"] = audience

        if keep(0.12) or spec.complete or "ad_saturated" in flags:
            rec["sponsored_share"] = round(sponsored, 2)
        if keep(0.15):
            rec["brands_mentioned"] = sorted(rng.sample(brands, rng.randint(1, 4)))
        if keep(0.15):
            span = {"nano": (0.2, 0.7), "micro": (0.1, 0.5), "mid": (0.05, 0.3)}.get(tier, (0.01, 0.12))
            rec["reply_rate"] = round(rng.uniform(*span), 2)
        if "bought_followers" in flags:
            rec["follower_growth"] = round(rng.uniform(0.32, 0.9), 3)
        elif keep(0.15):
            mean = 0.025 if tier in ("nano", "micro") else 0.012
            rec["follower_growth"] = round(min(0.15, max(-0.03, rng.gauss(mean, 0.018))), 3)
        days = rng.randint(181, 800) if "inactive" in flags else min(150, int(rng.expovariate(1 / 9)))
        if keep(0.12) or spec.complete or "inactive" in flags:
            rec["last_post_date"] = (REFERENCE_DATE - timedelta(days=days)).isoformat()
        if rng.random() < 0.6:
            user = handle.replace(".", "").replace("_", "")
            domain = rng.choice(("gmail.com", "gmail.com", "outlook.com", "proton.me", "icloud.com"))
            rec["contact_email"] = rng.choice(
                (f"{user}@{domain}", f"collabs.{user}@{domain}", f"hello@{user}.co")
            )
        if keep(0.12):
            rec["rate_per_post"] = self.rate(spec.platform, tier, spec.followers)
        if keep(0.12):
            rec["profile_url"] = {
                "instagram": f"https://www.instagram.com/{handle}/",
                "tiktok": f"https://www.tiktok.com/@{handle}",
                "youtube": f"https://www.youtube.com/@{handle}",
            }[spec.platform]
        if keep(0.15):
            p_verified = {"nano": 0.003, "micro": 0.02, "mid": 0.15, "macro": 0.6, "mega": 0.85}[tier]
            rec["verified"] = rng.random() < p_verified

        values = list(spec.values)
        values += [v for v in IMPLIED_VALUES.get(primary, ()) if v not in values]
        if "zero-waste" in values and "sustainable" not in values:  # zero waste is a way of being sustainable
            values.append("sustainable")
        truth = {
            "niches": list(niches),
            "values": sorted(values),
            "flags": sorted(flags),
            "generalist": spec.generalist,
        }
        return rec, truth


# --------------------------------------------------------------------------------------------------
def _background_slots(g: Generator) -> list[tuple[str, str]]:
    """(tier, primary niche) for the background population: a micro floor per niche, then weights."""
    slots: list[tuple[str, str]] = []
    for niche in NICHE_LIST:
        slots += [("micro", niche)] * BACKGROUND_MICRO_PER_NICHE + [("macro", niche), ("mega", niche)]
    target = {t: w * BACKGROUND_PROFILES for t, w in BACKGROUND_TIER_WEIGHTS}
    for tier, _ in BACKGROUND_TIER_WEIGHTS:
        target[tier] -= sum(1 for t, _ in slots if t == tier)
    remaining = [(t, max(0.0, n)) for t, n in target.items()]
    while len(slots) < BACKGROUND_PROFILES:
        slots.append((_weighted(g.rng, remaining), g.niche()))
    return slots


def _spec(g: Generator, tier: str, niche: str) -> Spec:
    rng = g.rng
    generalist = rng.random() < 0.08
    niches = g.generalist_niches(niche) if generalist else [niche, *g.secondary(niche)]
    return Spec(
        niches=niches,
        platform=g.platform(),
        followers=g.followers(tier),
        country=g.country(),
        values=g.values_for(niche),
        flags=g.flags(tier),
        generalist=generalist,
    )


def _eval_spec(g: Generator, brief: EvalBrief, kind: str) -> Spec:
    """A creator that passes ``brief``'s hard constraints; ``kind`` says how well it fits."""
    rng = g.rng
    low = max(1_000, brief.min_followers or 1_000)
    high = brief.max_followers or 5_000_000
    if kind == "decoy":  # the top of the window: looks like the best pick
        followers = int(_loguniform(rng, math.sqrt(low * high), high))
    else:
        followers = int(_loguniform(rng, low, high))
    followers = max(low, min(high, followers))
    platform = rng.choice(brief.platforms) if brief.platforms else g.platform()
    country = rng.choice(brief.countries) if brief.countries else g.country()
    values = list(brief.values)
    extra = g.values_for(brief.niche)
    values += [v for v in extra[:1] if v not in values]
    niches = [brief.niche, *g.secondary(brief.niche)]
    generalist = False
    if kind == "primary":  # right niche, values not necessarily all there
        values = [v for v in values if rng.random() < 0.4]
    elif kind == "secondary":  # the niche is a side topic
        niches = [rng.choice(RELATED[brief.niche]), brief.niche]
    elif kind == "generalist":
        niches = g.generalist_niches(g.niche(exclude=[brief.niche]))
        niches[rng.randint(1, len(niches) - 1)] = brief.niche
        generalist = True
    flags: list[str] = []
    if kind == "decoy":
        flags = [rng.choice(FLAG_KINDS)]
    return Spec(
        niches=niches,
        platform=platform,
        followers=followers,
        country=country,
        values=values,
        flags=flags,
        generalist=generalist,
        complete=True,
    )


def build_dataset(
    seed: int = SEED,
) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """Profiles (records), truth (by profile ID) and labelled eval briefs."""
    g = Generator(seed)
    specs = [_spec(g, tier, niche) for tier, niche in _background_slots(g)]
    built = [g.build(s) for s in specs]

    briefs: list[dict[str, Any]] = []
    for i, b in enumerate(EVAL_BRIEFS, start=1):
        briefs.append(
            {
                "id": f"b{i:02d}",
                "question": b.question,
                "niche": b.niche,
                "values": list(b.values),
                "platforms": list(b.platforms),
                "countries": list(b.countries),
                "min_followers": b.min_followers,
                "max_followers": b.max_followers,
                "k": b.k,
            }
        )

    profiles = [Profile.model_validate(rec) for rec, _ in built]
    for brief, b in zip(briefs, EVAL_BRIEFS, strict=True):
        grades = [
            relevance(t, brief) for p, (_, t) in zip(profiles, built, strict=True) if passes_hard(p, brief)
        ]
        fits, best = sum(1 for x in grades if x >= 1), sum(1 for x in grades if x == 2)
        target, target_best = g.rng.randint(12, 16), g.rng.randint(5, 8)
        while fits < target or best < target_best:
            kind = "perfect"
            if best >= target_best:
                kind = g.rng.choices(
                    ("perfect", "primary", "secondary", "generalist"), weights=(0.55, 0.2, 0.17, 0.08)
                )[0]
            rec, truth = g.build(_eval_spec(g, b, kind))
            built.append((rec, truth))
            profiles.append(Profile.model_validate(rec))
            grade = relevance(truth, brief)
            fits, best = fits + (grade >= 1), best + (grade == 2)
        for _ in range(g.rng.choice((1, 2, 2))):
            rec, truth = g.build(_eval_spec(g, b, "decoy"))
            built.append((rec, truth))
            profiles.append(Profile.model_validate(rec))

    # Every niche gets at least MICRO_PER_NICHE micro creators (primary niche), whatever the clusters added.
    micro = {n: 0 for n in NICHE_LIST}
    for p, (_, t) in zip(profiles, built, strict=True):
        if p.tier == "micro":
            micro[t["niches"][0]] += 1
    for niche in NICHE_LIST:
        for _ in range(MICRO_PER_NICHE - micro[niche]):
            built.append(g.build(_spec(g, "micro", niche)))

    order = list(range(len(built)))
    g.rng.shuffle(order)
    records = [built[i][0] for i in order]
    truth_by_id: dict[str, dict[str, Any]] = {}
    for i in order:
        rec, t = built[i]
        pid = profile_id(rec["platform"], rec["handle"])
        assert pid not in truth_by_id, pid
        truth_by_id[pid] = t
    _check(records, truth_by_id, briefs)
    return records, truth_by_id, briefs


def _check(
    records: list[dict[str, Any]], truth: dict[str, dict[str, Any]], briefs: list[dict[str, Any]]
) -> None:
    profiles = [Profile.model_validate(r) for r in records]
    assert len({p.id for p in profiles}) == len(profiles) == len(truth)
    for brief in briefs:
        fits = sum(1 for p in profiles if passes_hard(p, brief) and relevance(truth[p.id], brief) >= 1)
        assert fits >= 10, (
            f"eval brief {brief['id']} has only {fits} relevant profiles passing its constraints"
        )


def write_dataset(out_dir: Path, seed: int = SEED) -> dict[str, int]:
    """Write the three data files into ``out_dir``; returns counts."""
    records, truth, briefs = build_dataset(seed)
    out_dir.mkdir(parents=True, exist_ok=True)
    lines = "".join(json.dumps(r, sort_keys=True, ensure_ascii=False) + "\n" for r in records)
    (out_dir / PROFILES_FILE).write_text(lines, encoding="utf-8", newline="\n")
    (out_dir / TRUTH_FILE).write_text(
        json.dumps(truth, sort_keys=True, ensure_ascii=False, indent=1) + "\n", encoding="utf-8", newline="\n"
    )
    (out_dir / EVAL_BRIEFS_FILE).write_text(
        json.dumps(briefs, sort_keys=True, ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8",
        newline="\n",
    )
    return {
        "profiles": len(records),
        "briefs": len(briefs),
        "flagged": sum(1 for t in truth.values() if t["flags"]),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m sample_data.generate", description=__doc__.splitlines()[0] if __doc__ else None
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path(__file__).resolve().parent,
        help="output folder (default: the package)",
    )
    args = parser.parse_args(argv)
    counts = write_dataset(args.out)
    print(json.dumps(counts, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
