// Prosody modules Foyer ships with its config, for what the bundled Prosody (0.12 and 13)
// cannot be configured to do. They are written beside the config (plugin_paths) by whoever
// writes it: ProsodyServer for tests and `npm start`, cli.ts write-config on the box.
//
// mod_foyer_pubsub, loaded on the VirtualHost (over mod_pep) and on pubsub.<domain> (over
// mod_pubsub):
// - An item's publisher may retract it. Prosody's service:retract (util/pubsub.lua) only
//   asks whether the actor's affiliation has the "retract" capability, which only owners
//   and publishers have, and publishers may then retract *anyone's* item. So on a comments
//   node (publish_model=open) a commenter could not take back their comment or like. The
//   publisher Prosody records with each item (pubsub.lib.lua set_publish) says whose it is.
// - Nobody but owners and publishers may replace someone else's item: with publish_model
//   open, Prosody would let anyone overwrite any item id (another person's like or comment).
// - 0.12 only (foyer_pubsub_local_create): the parent host's users may create nodes on
//   pubsub.<domain>, where 0.12's mod_pubsub lets only admins (its get_affiliation); 13
//   does this with its own permission, see config.ts.
//
// References: XEP-0060 v1.26 §7.1.3.1 / §7.2.3.1 (insufficient privileges), §4.1
// (affiliations); Prosody 0.12 / 13 util/pubsub.lua (service:may, :retract, :publish,
// :create), plugins/mod_pep.lua (get_pep_service), plugins/mod_pubsub/mod_pubsub.lua.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const MOD_FOYER_PUBSUB = `-- Foyer's additions to Prosody's pubsub, written by Foyer (src/prosody/plugins.ts).
local st = require "util.stanza";
local jid_bare = require "util.jid".bare;
local jid_split = require "util.jid".split;
local usermanager = require "core.usermanager";

local xmlns_pubsub = "http://jabber.org/protocol/pubsub";

local service_for;
if module:get_host_type() == "component" then
	local pubsub = module:depends("pubsub");
	service_for = function () return pubsub.service; end;
else
	local pep = module:depends("pep");
	service_for = function (stanza) return pep.get_pep_service((jid_split(stanza.attr.to))); end;
end

-- The stored item's publisher, asked as the service itself (no access check).
local function publisher_of(service, node, id)
	local ok, items = service:get_items(node, true, id);
	local item = ok and items[id];
	return item and item.attr.publisher and jid_bare(item.attr.publisher);
end

local function on_pubsub_set(event)
	local origin, stanza = event.origin, event.stanza;
	if stanza.attr.type ~= "set" then return; end
	local request = stanza.tags[1];
	local retract, publish = request:get_child("retract"), request:get_child("publish");
	local action = retract or publish;
	local item = action and action:get_child("item");
	local node, id = action and action.attr.node, item and item.attr.id;
	if not (node and id) then return; end
	local service = service_for(stanza);
	local actor = stanza.attr.from;
	if retract then
		if service:may(node, actor, "retract") then return; end
		if publisher_of(service, node, id) ~= jid_bare(actor) then return; end -- Prosody refuses
		local notify = retract.attr.notify == "1" or retract.attr.notify == "true";
		local ok, err = service:retract(node, true, id, notify and st.stanza("retract", { id = id }) or nil);
		origin.send(ok and st.reply(stanza) or st.error_reply(stanza, "cancel", err or "internal-server-error"));
		return true;
	end
	if service:may(node, actor, "publish") then return; end
	local publisher = publisher_of(service, node, id);
	if publisher and publisher ~= jid_bare(actor) then
		origin.send(st.error_reply(stanza, "auth", "forbidden", "This item belongs to someone else"));
		return true;
	end
end

local event_name = module:get_host_type() == "component" and "iq/host/" or "iq/bare/";
-- Before mod_pep / mod_pubsub, which handle the same event at the default priority.
module:hook(event_name .. xmlns_pubsub .. ":pubsub", on_pubsub_set, 10);

if module:get_option_boolean("foyer_pubsub_local_create", false) then
	local parent_host = module:get_option_string("foyer_pubsub_parent_host");
	local service = service_for();
	local prosody_affiliation = service.config.get_affiliation;
	local function with_local_create(jid, node, action)
		local affiliation = prosody_affiliation(jid, node, action);
		if affiliation == nil and action == "create" then
			local user, host = jid_split(jid);
			if user and host == parent_host and usermanager.user_exists(user, host) then
				return "owner"; -- of the new node only: util.pubsub asks this for "create"
			end
		end
		return affiliation;
	end
	service.config.get_affiliation = with_local_create;
	function module.unload()
		-- Unless a reloaded mod_pubsub has put its own back already.
		if service.config.get_affiliation == with_local_create then
			service.config.get_affiliation = prosody_affiliation;
		end
	end
end
`;

/** The modules, by file name (mod_<name>.lua). */
const FOYER_PROSODY_MODULES: Readonly<Record<string, string>> = { 'mod_foyer_pubsub.lua': MOD_FOYER_PUBSUB };

/** Writes Foyer's Prosody modules into `dir` (the config's plugin_paths). */
export async function writeProsodyModules(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await Promise.all(Object.entries(FOYER_PROSODY_MODULES).map(([name, source]) => writeFile(join(dir, name), source, { mode: 0o644 })));
}
